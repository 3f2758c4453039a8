package dev.rolegate.change;

import dev.rolegate.platform.problem.ProblemException;

/**
 * What the writer of an admin call expects its change to do to people's access, from the
 * optional request header {@value #HEADER} (issue 13 item 6): {@code no-new-access} (nobody
 * gains any permission or operation) or {@code max-affected-users=N} (at most N users gain or
 * lose anything, N ≥ 0). {@link UnitOfWork} holds the write to it before commit and refuses it
 * with 409 {@code expectation_failed}, the preview in the body, when the change breaks it.
 */
public sealed interface Expectation {

    /** The request header that states the expectation. */
    String HEADER = "Rolegate-Expect";

    /** Nobody gains anything. */
    record NoNewAccess() implements Expectation {
        @Override
        public boolean heldBy(Impact impact) {
            return impact.users().stream().noneMatch(c -> c.gainsAnything());
        }

        @Override
        public String spelling() {
            return "no-new-access";
        }
    }

    /** At most {@code max} users gain or lose anything. */
    record MaxAffectedUsers(int max) implements Expectation {
        public MaxAffectedUsers {
            if (max < 0) {
                throw new IllegalArgumentException("max must be >= 0");
            }
        }

        @Override
        public boolean heldBy(Impact impact) {
            return impact.users().size() <= max;
        }

        @Override
        public String spelling() {
            return "max-affected-users=" + max;
        }
    }

    /** True when {@code impact} keeps this expectation. */
    boolean heldBy(Impact impact);

    /** The header value that states this expectation. */
    String spelling();

    /**
     * Parses the header's value.
     *
     * @throws ProblemException 400 {@code invalid_request} for any other value
     */
    static Expectation parse(String value) {
        String v = value.trim();
        if (v.equals("no-new-access")) {
            return new NoNewAccess();
        }
        String prefix = "max-affected-users=";
        if (v.startsWith(prefix) && v.length() > prefix.length() && v.length() <= prefix.length() + 9
                && v.substring(prefix.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new MaxAffectedUsers(Integer.parseInt(v.substring(prefix.length())));
        }
        throw ProblemException.invalid("#" + HEADER, HEADER + " must be \"no-new-access\" or \"max-affected-users=N\" (N a whole number)");
    }
}
