package dev.rolegate.engine;

import java.util.List;

/** Thrown by {@link SnapshotCompiler#compile} with every problem of the model at once. */
public final class ModelException extends RuntimeException {

    private final transient List<ModelProblem> problems;

    public ModelException(List<ModelProblem> problems) {
        super(problems.isEmpty() ? "invalid model" : problems.get(0).message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    /** All problems found, in a stable order; never empty. */
    public List<ModelProblem> problems() {
        return problems;
    }
}
