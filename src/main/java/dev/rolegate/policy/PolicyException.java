package dev.rolegate.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a policy file (template or policy tests) cannot be used, with every problem found
 * in it at once, sorted by file, line and column. The message is the problems rendered one per
 * line as {@code file:line:column: message}.
 */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyProblem> problems;

    /** @throws IllegalArgumentException when {@code problems} is empty */
    public PolicyException(List<PolicyProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** All problems, never empty. */
    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String render(List<PolicyProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyException needs at least one problem");
        }
        return problems.stream().map(PolicyProblem::render).collect(Collectors.joining("\n"));
    }
}
