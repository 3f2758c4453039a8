package dev.rolegate.directory;

/**
 * The filters of {@code GET /v1/accounts/{a}/groups}, each optional (null: no filter), ANDed.
 *
 * @param q    case-insensitive prefix of the group's id or display name
 * @param role the group is assigned this role (any source, any validity window)
 */
public record GroupSearch(String q, String role) {

    /** No filter: every group. */
    public static final GroupSearch ALL = new GroupSearch(null, null);
}
