package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * Why a check came out as it did, as paths through the model: for an allowed check, one path
 * per required permission, each reading user → (group) → role → inherited role… → permission →
 * operation; for a denial, the decision and the permissions that no path reaches.
 *
 * @param decision the decision explained
 * @param paths    for each required permission that the subject holds, one shortest path
 */
public record Explanation(Decision decision, List<Path> paths) {

    public Explanation {
        Objects.requireNonNull(decision, "decision");
        paths = List.copyOf(paths);
    }

    /** One chain of steps from the subject to the target. */
    public record Path(List<Step> steps) {
        public Path {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One step of a path.
     *
     * @param kind   what the step is
     * @param name   the user, group, role, permission or operation name
     * @param source for {@link Kind#ROLE} reached by an assignment: the assignment's source; else empty string
     */
    public record Step(Kind kind, String name, String source) {
        public Step {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Step kinds; the wire form is the lowercase name. */
    public enum Kind {
        USER, GROUP, ROLE, INHERITED_ROLE, PERMISSION, OPERATION
    }
}
