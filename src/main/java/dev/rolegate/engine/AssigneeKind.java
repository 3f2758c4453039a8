package dev.rolegate.engine;

/** Who an assignment gives a role to: one user, or every member of a group. */
public enum AssigneeKind {
    USER, GROUP
}
