package dev.rolegate.engine;

/** Compiles an {@link AccountModel} into a {@link Snapshot}. */
public final class SnapshotCompiler {

    private SnapshotCompiler() {
    }

    /**
     * Validates and compiles.
     *
     * @throws ModelException with every problem found (bad names, duplicates, unknown permission
     *                        in a grant, unknown inherited role, inheritance cycle)
     */
    public static Snapshot compile(AccountModel model) {
        throw new UnsupportedOperationException("not built yet");
    }
}
