package dev.rolegate.policy;

import dev.rolegate.engine.Decision;
import java.util.Objects;

/**
 * The outcome of one expectation of a policy test case.
 *
 * @param caseName    the case's name
 * @param expectation what the file expects, with its {@code file:line:column}
 * @param actual      what the engine decided
 */
public record PolicyTestResult(String caseName, PolicyTestSuite.Expectation expectation, Decision actual) {

    public PolicyTestResult {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(actual, "actual");
    }

    /** True when the engine decided as expected. */
    public boolean passed() {
        return expectation.allowed() == actual.allowed();
    }

    /** Where the expectation is written. */
    public SourceLocation location() {
        return expectation.location();
    }

    /**
     * One line, {@code file:line:column: case 'x': ...}; for a failure it says what was expected
     * and what the engine decided, with the reason and the missing permissions.
     */
    public String render() {
        return location() + ": case '" + caseName + "': " + outcome();
    }

    /**
     * What was checked and how it came out, without location or case:
     * {@code operation y is allowed as expected}, or for a failure
     * {@code operation y should be allowed but is denied (missing_permission: a, b)}.
     */
    public String outcome() {
        String expected = expectation.allowed() ? "allowed" : "denied";
        StringBuilder out = new StringBuilder(expectation.describeTarget());
        if (passed()) {
            return out.append(" is ").append(expected).append(" as expected").toString();
        }
        out.append(" should be ").append(expected).append(" but is ").append(actual.allowed() ? "allowed" : "denied");
        if (!actual.allowed()) {
            out.append(" (").append(actual.reason().code());
            if (!actual.missing().isEmpty()) {
                out.append(": ").append(String.join(", ", actual.missing()));
            }
            out.append(')');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
