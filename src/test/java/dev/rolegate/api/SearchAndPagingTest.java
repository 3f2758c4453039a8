package dev.rolegate.api;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rolegate.access.RoleSearch;
import dev.rolegate.access.RoleService;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.audit.AuditSearch;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.GroupSearch;
import dev.rolegate.directory.UserSearch;
import dev.rolegate.platform.Page;
import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2: search and keyset paging of users, groups, roles and role members, each page
 * with the total of its search, and each page one SQL statement (Hibernate's statement counter).
 *
 * <p>The account: users alice (direct assignment of {@code xer} and member of {@code g-eng}), bob
 * (member of {@code g-eng}), zed (display name "Alicia Zed"), dave (disabled) and lara (an LDAP
 * user, written as LDAP sync would); group {@code g-eng} ("Engineering") is assigned {@code xer},
 * {@code g-ops} ("Operations") nothing; role {@code yer} inherits {@code xer}, {@code wild} grants
 * {@code x.*}.
 */
@QuarkusTest
class SearchAndPagingTest {

    @Inject
    DataSource database;

    @Inject
    SessionFactory sessions;

    @Inject
    DirectoryService directory;

    @Inject
    RoleService roles;

    @Inject
    AuditLog audit;

    private String a;
    private String base;

    @BeforeEach
    void account() throws Exception {
        a = Api.createAccount("search");
        base = "/v1/accounts/" + a;
        admin(a).body(Map.of("operations", List.of("x.run"))).put(base + "/permissions/x.use").then().statusCode(201);
        admin(a).body(Map.of("description", "Runs x", "permissions", List.of("x.use"))).put(base + "/roles/xer").then().statusCode(201);
        admin(a).body(Map.of("permissions", List.of(), "inherits", List.of("xer"))).put(base + "/roles/yer").then().statusCode(201);
        admin(a).body(Map.of("permissions", List.of("x.*"))).put(base + "/roles/wild").then().statusCode(201);
        user("alice", "alice@acme.test", "Alice Archer", "active");
        user("bob", "BOB@Example.test", "Bob", "active");
        user("zed", "zed@acme.test", "Alicia Zed", "active");
        user("dave", "dave@acme.test", "Dave", "disabled");
        admin(a).body(Map.of("displayName", "Engineering")).put(base + "/groups/g-eng").then().statusCode(201);
        admin(a).body(Map.of("displayName", "Operations")).put(base + "/groups/g-ops").then().statusCode(201);
        admin(a).put(base + "/groups/g-eng/members/alice").then().statusCode(201);
        admin(a).put(base + "/groups/g-eng/members/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice/roles/xer").then().statusCode(201);
        admin(a).body(Map.of("expiresAt", "2099-01-01T00:00:00Z")).put(base + "/groups/g-eng/roles/xer").then().statusCode(201);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO app_user (account_id, id, email, display_name, source, external_id) VALUES ('" + a
                    + "', 'lara', 'lara@corp.test', 'Lara', 'ldap', 'uuid-1')");
        }
    }

    private void user(String id, String email, String displayName, String status) {
        admin(a).body(Map.of("email", email, "displayName", displayName, "status", status)).put(base + "/users/" + id)
                .then().statusCode(201);
    }

    private JsonPath get(String path) {
        return admin(a).get(base + path).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("items.id", String.class);
    }

    @Test
    void usersAreSearchedByACaseInsensitivePrefixOfIdEmailOrDisplayName() {
        JsonPath ali = get("/users?q=ALI");
        assertEquals(List.of("alice", "zed"), ids(ali)); // alice by id and email, zed by display name
        assertEquals(2, ali.getInt("total"));
        assertEquals(List.of("bob"), ids(get("/users?q=bob@EX")));
        assertEquals(List.of("zed"), ids(admin(a).queryParam("q", "alicia z").get(base + "/users").then().statusCode(200)
                .extract().jsonPath()));
        assertEquals(List.of(), ids(get("/users?q=nobody")));
        assertEquals(0, get("/users?q=nobody").getInt("total"));
        // the owner, the four users and lara
        JsonPath all = get("/users");
        assertEquals(6, all.getInt("total"));
        assertEquals(List.of("alice", "bob", "dave", "lara", "owner@" + a + ".test", "zed"), ids(all));
    }

    @Test
    void theTotalOfAnUnfilteredListIsTheAccountsStoredSizeKeptByEveryInsertAndDelete() throws Exception {
        assertEquals(6, get("/users").getInt("total"));
        assertEquals(2, get("/groups").getInt("total"));
        admin(a).delete(base + "/users/dave").then().statusCode(204);
        admin(a).delete(base + "/groups/g-ops").then().statusCode(204);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            // a bulk insert and a bulk delete, as an LDAP sync writes them: one statement each
            s.execute("INSERT INTO app_user (account_id, id) SELECT '" + a + "', 'bulk' || i FROM generate_series(1, 50) i");
            s.execute("DELETE FROM app_user WHERE account_id = '" + a + "' AND id LIKE 'bulk1%'");
            var sizes = s.executeQuery("SELECT users, groups, (SELECT count(*) FROM app_user WHERE account_id = '" + a
                    + "'), (SELECT count(*) FROM user_group WHERE account_id = '" + a + "') FROM account_size WHERE account_id = '"
                    + a + "'");
            sizes.next();
            assertEquals(sizes.getLong(3), sizes.getLong(1));
            assertEquals(sizes.getLong(4), sizes.getLong(2));
            assertEquals(5 + 50 - 11, sizes.getLong(1)); // bulk1, bulk10..bulk19 went
        }
        assertEquals(44, get("/users").getInt("total"));
        assertEquals(1, get("/groups").getInt("total"));
        assertEquals(2, get("/users?q=ali").getInt("total")); // a filtered total still counts its matches
    }

    @Test
    void usersAreFilteredByRoleGroupSourceAndStatus() {
        // alice holds xer directly and through g-eng, bob through g-eng only: each once
        assertEquals(List.of("alice", "bob"), ids(get("/users?role=xer")));
        assertEquals(2, get("/users?role=xer").getInt("total"));
        assertEquals(List.of("alice", "bob"), ids(get("/users?group=g-eng")));
        assertEquals(List.of(), ids(get("/users?group=g-ops")));
        assertEquals(List.of("dave"), ids(get("/users?status=disabled")));
        assertEquals(List.of("lara"), ids(get("/users?source=ldap")));
        assertEquals("ldap", get("/users?source=ldap").getString("items[0].source"));
        assertEquals(List.of("bob"), ids(get("/users?role=xer&q=b")));
        assertEquals(List.of(), ids(get("/users?role=xer&status=disabled")));
        assertEquals(List.of("owner@" + a + ".test"), ids(get("/users?role=owner")));
    }

    @Test
    void pagesFollowTheCursorAndTheTotalCountsTheWholeSearch() {
        JsonPath first = get("/users?q=ali&limit=1");
        assertEquals(List.of("alice"), ids(first));
        assertEquals("alice", first.getString("next"));
        assertEquals(2, first.getInt("total"));
        JsonPath second = get("/users?q=ali&limit=1&after=alice");
        assertEquals(List.of("zed"), ids(second));
        assertNull(second.getString("next"));
        assertEquals(2, second.getInt("total")); // not only the rows after the cursor
        JsonPath past = get("/users?q=ali&limit=1&after=zed");
        assertEquals(List.of(), ids(past));
        assertEquals(2, past.getInt("total"));
    }

    @Test
    void groupsAreSearchedByPrefixAndFilteredByRole() {
        assertEquals(List.of("g-eng"), ids(get("/groups?q=eng"))); // display name "Engineering"
        assertEquals(List.of("g-eng", "g-ops"), ids(get("/groups?q=G-")));
        assertEquals(List.of("g-eng"), ids(get("/groups?role=xer")));
        assertEquals(1, get("/groups?role=xer").getInt("total"));
        assertEquals(2, get("/groups").getInt("total"));
        assertEquals("Engineering", get("/groups?q=eng").getString("items[0].displayName"));
    }

    @Test
    void rolesAreSearchedByPrefixAndByAPermissionTheyGrantByNameWildcardOrInheritance() {
        JsonPath x = get("/roles?q=X");
        assertEquals(List.of("xer"), ids(x));
        assertEquals(List.of("x.use"), x.getList("items[0].permissions", String.class));
        assertEquals("Runs x", x.getString("items[0].description"));
        assertEquals(List.of("admin", "xer"), ids(get("/roles?q=runs"))); // descriptions: "Runs the account...", "Runs x"
        // owner grants *, wild x.*, xer x.use, yer inherits xer
        JsonPath holding = get("/roles?permission=x.use");
        assertEquals(List.of("owner", "wild", "xer", "yer"), ids(holding));
        assertEquals(4, holding.getInt("total"));
        assertEquals(List.of("xer"), get("/roles?permission=x.use&q=yer").getList("items.inherits[0]", String.class));
        // the template: viewer grants report.view, analyst inherits viewer, admin inherits analyst
        assertEquals(List.of("admin", "analyst", "owner", "viewer"), ids(get("/roles?permission=report.view")));
        assertEquals(List.of(), ids(get("/roles?permission=no.such")));
        JsonPath paged = get("/roles?permission=x.use&limit=3&after=owner");
        assertEquals(List.of("wild", "xer", "yer"), ids(paged));
        assertNull(paged.getString("next"));
        assertEquals(4, paged.getInt("total"));
    }

    @Test
    void roleMembersAreTheUsersAndGroupsHoldingItDirectlyAndThroughGroupsEachWithItsSource() {
        JsonPath members = get("/roles/xer/members");
        assertEquals(4, members.getInt("total"));
        assertEquals(List.of("group", "user", "user", "user"), members.getList("items.kind", String.class));
        assertEquals(List.of("g-eng", "alice", "alice", "bob"), ids(members));
        assertEquals(java.util.Arrays.asList(null, null, "g-eng", "g-eng"), members.getList("items.via", String.class));
        assertEquals(List.of("manual", "manual", "manual", "manual"), members.getList("items.source", String.class));
        assertEquals("2099-01-01T00:00:00Z", members.getString("items[0].expiresAt"));
        assertEquals("2099-01-01T00:00:00Z", members.getString("items[3].expiresAt"));
        assertNull(members.getString("items[1].expiresAt"));

        JsonPath first = get("/roles/xer/members?limit=3");
        assertEquals(List.of("g-eng", "alice", "alice"), ids(first));
        JsonPath second = get("/roles/xer/members?limit=3&after=" + first.getString("next"));
        assertEquals(List.of("bob"), ids(second));
        assertEquals("g-eng", second.getString("items[0].via"));
        assertNull(second.getString("next"));
        assertEquals(4, second.getInt("total"));

        JsonPath none = get("/roles/wild/members");
        assertEquals(List.of(), ids(none));
        assertEquals(0, none.getInt("total"));
        admin(a).get(base + "/roles/nope/members").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("role_not_found"));
        admin(a).get(base + "/roles/xer/members?after=not-a-cursor").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("#after"));
    }

    @Test
    void badFiltersAreProblems() {
        for (String query : List.of("/users?status=gone", "/users?source=bogus", "/users?role=Not%20A%20Name",
                "/users?group=a%2Fb", "/groups?role=Bad", "/roles?permission=X", "/users?q=" + "a".repeat(257))) {
            admin(a).get(base + query).then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_request"));
        }
        admin(a).get(base + "/users?status=gone").then().body("errors[0].pointer", equalTo("#status"));
    }

    @Test
    void everyPageIsOneSqlStatement() {
        Statistics statistics = sessions.getStatistics();
        assertEquals(true, statistics.isStatisticsEnabled());
        Map<String, Supplier<Page<?>>> lists = new java.util.LinkedHashMap<>();
        lists.put("users", () -> directory.listUsers(a, UserSearch.ALL, null, 2));
        lists.put("users, every filter, after a cursor", () -> directory.listUsers(a,
                new UserSearch("a", "xer", "g-eng", "local", "active"), "a", 2));
        lists.put("groups", () -> directory.listGroups(a, new GroupSearch("g", "xer"), null, 1));
        lists.put("roles with their grants and inherited roles", () -> roles.listRoles(a, RoleSearch.ALL, null, 100));
        lists.put("roles by permission", () -> roles.listRoles(a, new RoleSearch("x", "x.use"), "owner", 2));
        lists.put("role members", () -> roles.members(a, "xer", null, 2));
        lists.put("audit", () -> audit.list(a, new AuditSearch("owner@" + a + ".test", "user:alice", null, null, null), 0, 2));
        for (Map.Entry<String, Supplier<Page<?>>> list : lists.entrySet()) {
            // the counter is the session factory's, shared with background work (the LDAP scheduler
            // ticks every second in tests): a statement of theirs can only add to the count, so the
            // fewest of a few tries is this page's own count
            long fewest = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 5 && fewest > 1; attempt++) {
                statistics.clear();
                Page<?> page = list.getValue().get();
                fewest = Math.min(fewest, statistics.getPrepareStatementCount());
                assertEquals(true, page.total() != null && page.total() >= page.items().size(), list.getKey());
            }
            assertEquals(1, fewest, list.getKey() + ": statements for one page");
        }
        // and through HTTP: the admin guard decides on the cached snapshot, so the request's one
        // statement is the page's
        get("/users?q=ali&limit=1");
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && fewest > 1; attempt++) {
            statistics.clear();
            assertEquals(List.of("alice"), ids(get("/users?q=ali&limit=1")));
            fewest = Math.min(fewest, statistics.getPrepareStatementCount());
        }
        assertEquals(1, fewest, "statements for GET /users?q=ali&limit=1");
    }
}
