package dev.rolegate.access;

/**
 * The filters of {@code GET /v1/accounts/{a}/roles}, each optional (null: no filter), ANDed.
 * Values are already syntactically valid.
 *
 * @param q          case-insensitive prefix of the role's name or description
 * @param permission the role's effective permissions include this one: a grant of it by name or
 *                   by a wildcard covering it ({@code report.*}, {@code *}), of the role or of a
 *                   role it inherits, transitively; a name not in the catalog matches no role
 */
public record RoleSearch(String q, String permission) {

    /** No filter: every role. */
    public static final RoleSearch ALL = new RoleSearch(null, null);
}
