package dev.rolegate.access.api;

import java.util.List;

/**
 * One page of {@code GET .../assignable-roles}: the account's roles (those whose id starts with
 * {@code q}, after {@code after}, by id), split into the ones the calling admin may assign to the
 * subject now and the others with the reason.
 *
 * @param items    the roles the admin may assign, by id
 * @param excluded the roles the admin may not assign, by id, each with its reason
 * @param next     the {@code after} of the following page, or null on the last one
 */
public record AssignableRolesResponse(List<Item> items, List<Excluded> excluded, String next) {

    /**
     * A role the admin may assign.
     *
     * @param id          the role
     * @param description its description
     * @param permissions every permission it carries (own grants, wildcards expanded, and
     *                    inherited), sorted: what the subject would hold through it
     */
    public record Item(String id, String description, List<String> permissions) {
    }

    /**
     * A role the admin may not assign.
     *
     * @param id     the role
     * @param reason {@code source_managed}, {@code already_assigned} or {@code exceeds_caller}; the
     *               assignment call refuses it with the same {@code reason}
     */
    public record Excluded(String id, String reason) {
    }
}
