package dev.rolegate.engine;

import java.time.Instant;
import java.util.List;

/**
 * One account compiled at one revision: immutable, thread safe, shared by every check.
 * Built by {@link SnapshotCompiler#compile}. All methods are pure functions of the snapshot and
 * {@code now}; none throws for unknown names (unknown means deny).
 */
public final class Snapshot {

    Snapshot() {
    }

    /** The account id. */
    public String account() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The revision this snapshot was compiled at. */
    public long revision() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** True when the account has a user with this id (active or not). */
    public boolean hasUser(String subject) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** True when some permission of the catalog lists this operation. */
    public boolean hasOperation(String operation) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Decides whether {@code subject} may perform {@code target} at {@code now}. */
    public Decision check(String subject, Target target, Instant now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Like {@link #check} with the paths that allowed, or the missing permissions. */
    public Explanation explain(String subject, Target target, Instant now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** "What may this user do": permissions held and operations allowed at {@code now}. */
    public EffectiveAccess effectiveAccess(String subject, Instant now) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** "Who may do O": the ids of the users allowed {@code operation} at {@code now}, sorted. */
    public List<String> usersAllowed(String operation, Instant now) {
        throw new UnsupportedOperationException("not built yet");
    }
}
