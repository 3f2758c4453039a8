package dev.rolegate.directory.store;

import dev.rolegate.directory.GroupSearch;
import dev.rolegate.directory.UserSearch;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.PagedQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The searches of the directory's lists (issue 13 item 2): each page of users or groups, with the
 * total of its search, is one SQL statement ({@link PagedQuery}), keyset-paged by id, on the
 * caller's transaction. The indexes they use are those of {@code V0009__search_indexes.sql}; the
 * total of an unfiltered list is the account's stored size ({@code account_size}, kept by triggers).
 */
@ApplicationScoped
public class DirectoryQueries {

    @Inject
    EntityManager em;

    /** The users matching {@code search} after the id {@code after} (null: from the start), by id. */
    public Page<UserResponse> users(String account, UserSearch search, String after, int limit) {
        return usersQuery(account, search, after).page(em, limit, r -> new UserResponse((String) r[0], (String) r[1],
                (String) r[2], (String) r[3], (String) r[4]), UserResponse::id);
    }

    /** The one statement of {@link #users}, for a test that reads its plan ({@link PagedQuery#sql()}, parameters and {@code :pageLimit}). */
    public PagedQuery usersQuery(String account, UserSearch search, String after) {
        PagedQuery query = PagedQuery.select(
                        "u.id AS id, u.email AS email, u.display_name AS display_name, u.status AS status, u.source AS source",
                        "app_user u")
                .where("u.account_id = :account", "account", account)
                .orderBy("id");
        if (search.q() != null) {
            query.wherePrefix(search.q(), "u.id", "u.email", "u.display_name");
        }
        if (search.status() != null) {
            query.where("u.status = :status", "status", search.status());
        }
        if (search.source() != null) {
            query.where("u.source = :source", "source", search.source());
        }
        if (search.group() != null) {
            query.where("EXISTS (SELECT 1 FROM group_member gm WHERE gm.account_id = u.account_id "
                    + "AND gm.group_id = :group AND gm.user_id = u.id)", "group", search.group());
        }
        if (search.role() != null) {
            query.where("u.id IN (SELECT ur.user_id FROM user_role ur WHERE ur.account_id = :account AND ur.role = :role "
                    + "UNION SELECT gm.user_id FROM group_role gr JOIN group_member gm ON gm.account_id = gr.account_id "
                    + "AND gm.group_id = gr.group_id WHERE gr.account_id = :account AND gr.role = :role)", "role", search.role());
        }
        if (search.equals(UserSearch.ALL)) {
            query.totalFrom("(SELECT users FROM account_size WHERE account_id = :account)");
        }
        if (after != null) {
            query.after("u.id > :after", "after", after);
        }
        return query;
    }

    /** The groups matching {@code search} after the id {@code after} (null: from the start), by id. */
    public Page<GroupResponse> groups(String account, GroupSearch search, String after, int limit) {
        PagedQuery query = PagedQuery.select("g.id AS id, g.display_name AS display_name, g.source AS source", "user_group g")
                .where("g.account_id = :account", "account", account)
                .orderBy("id");
        if (search.q() != null) {
            query.wherePrefix(search.q(), "g.id", "g.display_name");
        }
        if (search.role() != null) {
            query.where("EXISTS (SELECT 1 FROM group_role gr WHERE gr.account_id = g.account_id AND gr.group_id = g.id "
                    + "AND gr.role = :role)", "role", search.role());
        }
        if (search.equals(GroupSearch.ALL)) {
            query.totalFrom("(SELECT groups FROM account_size WHERE account_id = :account)");
        }
        if (after != null) {
            query.after("g.id > :after", "after", after);
        }
        return query.page(em, limit, r -> new GroupResponse((String) r[0], (String) r[1], (String) r[2]), GroupResponse::id);
    }
}
