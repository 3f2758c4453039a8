package dev.rolegate.engine;

import java.util.Objects;

/**
 * What a check asks about: an operation (requires every permission that lists it) or a single
 * permission.
 */
public sealed interface Target {

    /** The operation or permission name. */
    String name();

    /** "May the subject perform this operation?" */
    record Operation(String name) implements Target {
        public Operation {
            Objects.requireNonNull(name, "name");
        }
    }

    /** "Does the subject hold this permission?" */
    record Permission(String name) implements Target {
        public Permission {
            Objects.requireNonNull(name, "name");
        }
    }
}
