package dev.rolegate.access.store;

import dev.rolegate.access.RoleSearch;
import dev.rolegate.access.api.RoleMemberResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.NativeValues;
import dev.rolegate.platform.PagedQuery;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The searches of the role lists (issue 13 item 2): a page of roles (with their grants and
 * inherited roles) and a page of a role's members are each one SQL statement with the total of
 * the search ({@link PagedQuery}), on the caller's transaction.
 */
@ApplicationScoped
public class RoleSearchQueries {

    /** Separates the parts of a member cursor; no id, name or source contains it. */
    private static final String CURSOR_SEPARATOR = "\u0000";

    @Inject
    EntityManager em;

    /** The roles matching {@code search} after the name {@code after} (null: from the start), by name. */
    public Page<RoleResponse> roles(String account, RoleSearch search, String after, int limit) {
        PagedQuery query = PagedQuery.select("r.name AS id, r.description AS description, "
                                + "(SELECT string_agg(g.grant_name, ' ' ORDER BY g.grant_name COLLATE \"C\") FROM role_grant g "
                                + "WHERE g.account_id = r.account_id AND g.role = r.name) AS grants, "
                                + "(SELECT string_agg(i.inherits, ' ' ORDER BY i.inherits COLLATE \"C\") FROM role_inheritance i "
                                + "WHERE i.account_id = r.account_id AND i.role = r.name) AS inherits",
                        "role r")
                .where("r.account_id = :account", "account", account)
                .orderBy("id");
        if (search.q() != null) {
            query.wherePrefix(search.q(), "r.name", "r.description");
        }
        if (search.permission() != null) {
            // names hold no space, so the grants travel as one space-separated text per role
            query.where("r.name IN (WITH RECURSIVE holding (role) AS ("
                    + "SELECT g.role FROM role_grant g WHERE g.account_id = :account "
                    + "AND EXISTS (SELECT 1 FROM permission p WHERE p.account_id = :account AND p.name = :permission) "
                    + "AND (g.grant_name = :permission OR g.grant_name = '*' "
                    + "OR (g.grant_name LIKE '%.*' AND starts_with(:permission, left(g.grant_name, -1)))) "
                    + "UNION SELECT ri.role FROM role_inheritance ri JOIN holding h ON ri.inherits = h.role "
                    + "WHERE ri.account_id = :account) SELECT role FROM holding)", "permission", search.permission());
        }
        if (after != null) {
            query.after("r.name > :after", "after", after);
        }
        return query.page(em, limit, r -> new RoleResponse((String) r[0], (String) r[1], words(r[2]), words(r[3])),
                RoleResponse::id);
    }

    /**
     * Every way {@code role} reaches a user or group: user and group assignments of it, and the
     * members of the groups assigned it, ordered by kind, id, group and source; keyset-paged by
     * an opaque cursor. The role's existence is read in the same statement.
     *
     * @throws ProblemException 404 {@code role_not_found}; 400 {@code invalid_request} for a cursor
     *         this call did not hand out
     */
    public Page<RoleMemberResponse> members(String account, String role, String after, int limit) {
        String source = "(SELECT 'group' AS kind, gr.group_id AS id, '' AS via, gr.source AS source, "
                + "gr.valid_from AS valid_from, gr.expires_at AS expires_at FROM group_role gr "
                + "WHERE gr.account_id = :account AND gr.role = :role "
                + "UNION ALL SELECT 'user', ur.user_id, '', ur.source, ur.valid_from, ur.expires_at FROM user_role ur "
                + "WHERE ur.account_id = :account AND ur.role = :role "
                + "UNION ALL SELECT 'user', gm.user_id, gr.group_id, gr.source, gr.valid_from, gr.expires_at FROM group_role gr "
                + "JOIN group_member gm ON gm.account_id = gr.account_id AND gm.group_id = gr.group_id "
                + "WHERE gr.account_id = :account AND gr.role = :role) m";
        PagedQuery query = PagedQuery.select("m.kind AS kind, m.id AS id, m.via AS via, m.source AS source, "
                        + "m.valid_from AS valid_from, m.expires_at AS expires_at", source)
                .alsoSelect("EXISTS (SELECT 1 FROM role WHERE account_id = :account AND name = :role)", "account", account,
                        "role", role)
                .orderBy("kind", "id", "via", "source");
        if (after != null) {
            List<String> key = cursorKey(after);
            query.after("(m.kind, m.id, m.via, m.source) > (:afterKind, :afterId, :afterVia, :afterSource)",
                    "afterKind", key.get(0), "afterId", key.get(1), "afterVia", key.get(2), "afterSource", key.get(3));
        }
        Page<RoleMemberResponse> page = query.page(em, limit, r -> new RoleMemberResponse((String) r[0], (String) r[1],
                        ((String) r[2]).isEmpty() ? null : (String) r[2], (String) r[3], NativeValues.instant(r[4]),
                        NativeValues.instant(r[5])),
                RoleSearchQueries::cursor);
        if (!Boolean.TRUE.equals(query.head(0))) {
            throw ProblemException.notFound("role_not_found", "No role '" + role + "' in this account.");
        }
        return page;
    }

    private static String cursor(RoleMemberResponse m) {
        String key = String.join(CURSOR_SEPARATOR, m.kind(), m.id(), m.via() == null ? "" : m.via(), m.source());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> cursorKey(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(CURSOR_SEPARATOR, -1);
            if (parts.length == 4) {
                return Arrays.asList(parts);
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        throw ProblemException.invalid("#after", "after must be the next cursor of a previous page of this list");
    }

    private static List<String> words(Object text) {
        return text == null ? List.of() : List.of(((String) text).split(" "));
    }
}
