package dev.rolegate.access;

import java.util.Locale;

/**
 * Why an admin may not assign a role to a subject now (issue 13 item 1): the reasons that
 * {@code GET .../assignable-roles} gives for an excluded role and that the assignment call
 * carries, as the {@code reason} member of its problem, when it refuses the same assignment.
 * Decided in this order; the first that applies is the reason.
 */
public enum AssignmentRefusal {
    /** Only an identity source assigns this role to this subject ({@link SourceManagedRoles}): 409 {@code source_managed}. */
    SOURCE_MANAGED,
    /**
     * The subject already has an admin's ({@code manual} or {@code template}) assignment of the role
     * that has not expired: 409 {@code already_assigned} for a create-only assignment
     * ({@code If-None-Match: *}); a plain {@code PUT} replaces that assignment's validity instead.
     */
    ALREADY_ASSIGNED,
    /**
     * The role carries a permission the admin does not hold, or assigning it would let a user
     * perform an operation that needs one (no escalation): 403 {@code forbidden}.
     */
    EXCEEDS_CALLER;

    /** The wire form: {@code source_managed}, {@code already_assigned}, {@code exceeds_caller}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
