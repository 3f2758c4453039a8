package dev.rolegate.engine;

import java.util.Objects;

/**
 * A user → role or group → role assignment with its source and validity.
 *
 * @param kind     whether {@code assignee} is a user id or a group id
 * @param assignee the user or group id
 * @param role     the role name
 * @param source   who made it; the engine only reports it in explanations
 * @param validity when it is in force; {@link Validity#ALWAYS} when unbounded
 */
public record AssignmentDef(AssigneeKind kind, String assignee, String role, AssignmentSource source, Validity validity) {
    public AssignmentDef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(assignee, "assignee");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validity, "validity");
    }
}
