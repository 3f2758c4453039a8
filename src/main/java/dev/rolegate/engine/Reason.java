package dev.rolegate.engine;

/**
 * Why a decision came out as it did. The wire form is {@link #code()}: a stable snake_case code.
 * Every reason but {@link #ALLOWED} denies; unknown anything denies (DESIGN.md §1).
 */
public enum Reason {
    /** The subject holds every permission the target requires. */
    ALLOWED,
    /** No user with this id exists in the account. */
    UNKNOWN_SUBJECT,
    /** The user exists but is disabled: disabled users hold nothing. */
    SUBJECT_DISABLED,
    /** No permission of the account lists this operation. */
    UNKNOWN_OPERATION,
    /** The permission is not in the account's catalog. */
    UNKNOWN_PERMISSION,
    /** The subject lacks one or more required permissions (see {@link Decision#missing()}). */
    MISSING_PERMISSION;

    /** The stable snake_case code, e.g. {@code missing_permission}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
