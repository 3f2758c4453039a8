package dev.rolegate.policy;

import dev.rolegate.engine.Target;
import java.util.List;
import java.util.Objects;

/**
 * A loaded policy tests file ({@code policies/tests/*.yaml}), bound to its template: every role,
 * operation and permission it names exists in the template. Built by {@link PolicyTestLoader},
 * run by {@link PolicyTestRunner}. Immutable and thread safe.
 *
 * @param file             the tests file as it was named to the loader
 * @param template         the template the cases run against
 * @param templateLocation where the file names its template
 * @param description      free text, {@code ""} when absent
 * @param cases            the cases, in file order, never empty
 */
public record PolicyTestSuite(
        String file, Template template, SourceLocation templateLocation, String description, List<Case> cases) {

    public PolicyTestSuite {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(templateLocation, "templateLocation");
        Objects.requireNonNull(description, "description");
        cases = List.copyOf(cases);
    }

    /**
     * One case: a user holding exactly {@code roles} (directly, always in force, active) and
     * what that user may and may not do.
     *
     * @param name         unique within the file
     * @param location     where the case starts
     * @param roles        role names of the template, distinct; may be empty (a user with no role)
     * @param expectations in file order, never empty
     */
    public record Case(String name, SourceLocation location, List<String> roles, List<Expectation> expectations) {
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
            roles = List.copyOf(roles);
            expectations = List.copyOf(expectations);
        }
    }

    /**
     * One expected decision.
     *
     * @param target   an operation ({@link Target.Operation}) or a permission ({@link Target.Permission})
     * @param allowed  true for an {@code allow:} entry, false for a {@code deny:} entry
     * @param location the list item that states it
     */
    public record Expectation(Target target, boolean allowed, SourceLocation location) {
        public Expectation {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(location, "location");
        }

        /** e.g. {@code operation report.rename}. */
        public String describeTarget() {
            return (target instanceof Target.Operation ? "operation " : "permission ") + target.name();
        }
    }
}
