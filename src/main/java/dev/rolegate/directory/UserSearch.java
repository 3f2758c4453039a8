package dev.rolegate.directory;

/**
 * The filters of {@code GET /v1/accounts/{a}/users}, each optional (null: no filter), all ANDed.
 * Values are already syntactically valid.
 *
 * @param q      case-insensitive prefix of the user's id, email or display name
 * @param role   the user holds this role by an assignment of its own or through a group (any
 *               source, any validity window; inheritance not followed)
 * @param group  the user is a member of this group
 * @param source {@code local}, {@code saml} or {@code ldap}
 * @param status {@code active} or {@code disabled}
 */
public record UserSearch(String q, String role, String group, String source, String status) {

    /** No filter: every user. */
    public static final UserSearch ALL = new UserSearch(null, null, null, null, null);
}
