package dev.rolegate.transfer;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 8: export → import into a new account gives the same decision for every user and
 * every operation and permission; the round trip is lossless; dry runs write nothing; invalid
 * documents change nothing; tokens of other accounts get nowhere; an import replaces what was there.
 */
@QuarkusTest
class AccountTransferTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @Inject
    SettableClock clock;

    @BeforeEach
    void pinClock() {
        clock.set(NOW);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A rich account: template, custom permission and roles (inheritance, wildcard), groups, timed and disabled. */
    private static String richAccount(String prefix) {
        String a = Api.createAccount(prefix);
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        put(owner, base + "/permissions/report.archive", Map.of("description", "Archive reports",
                "operations", List.of("report.archive", "report.delete")));
        put(owner, base + "/permissions/report.audit", Map.of("operations", List.of("report.audit_log")));
        put(owner, base + "/roles/archivist", Map.of("description", "Keeps the archive",
                "permissions", List.of("report.archive", "definitions.*"), "inherits", List.of("analyst")));
        put(owner, base + "/roles/auditor", Map.of("permissions", List.of("report.audit", "rbac.audit.read"),
                "inherits", List.of("viewer")));
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "gina")) {
            put(owner, base + "/users/" + user, Map.of("displayName", "User " + user, "email", user + "@example.test"));
        }
        put(owner, base + "/users/dave", Map.of("status", "disabled"));
        put(owner, base + "/users/alice/roles/analyst", Map.of());
        put(owner, base + "/users/carol/roles/archivist", Map.of("validFrom", NOW.minus(Duration.ofHours(1)).toString(),
                "expiresAt", NOW.plus(Duration.ofHours(2)).toString()));
        put(owner, base + "/users/dave/roles/admin", Map.of());
        as(owner).body(Map.of("reason", "incident INC-7")).put(base + "/users/gina/break-glass/admin").then().statusCode(201);
        put(owner, base + "/groups/eng", Map.of("displayName", "Engineering"));
        put(owner, base + "/groups/ops", Map.of());
        put(owner, base + "/groups/eng/members/bob", null);
        put(owner, base + "/groups/ops/members/erin", null);
        put(owner, base + "/groups/eng/roles/analyst", Map.of());
        put(owner, base + "/groups/ops/roles/auditor", Map.of());
        put(owner, base + "/groups/ops/roles/archivist", Map.of("validFrom", NOW.plus(Duration.ofDays(1)).toString()));
        return a;
    }

    /** A new account from the same template whose owner is {@code ownerSubject}. */
    private static String newAccount(String prefix, String ownerSubject) {
        String id = Api.newAccountId(prefix);
        as(Tokens.platform()).body(Map.of("id", id, "name", "Target " + id, "template", "saas-analytics", "owner", ownerSubject))
                .post("/v1/accounts").then().statusCode(201);
        return id;
    }

    @Test
    void anImportedAccountDecidesExactlyAsTheExportedOne() throws Exception {
        String a = richAccount("xfer-src");
        String ownerSubject = Tokens.adminSubject(a);
        JsonNode doc = export(a, Tokens.admin(a));
        assertEquals("rolegate.account-export", doc.get("format").asText());
        assertEquals(1, doc.get("version").asInt());
        assertEquals(a, doc.at("/account/id").asText());
        // the shape the policy CLI reads: template-file maps, no built-in permissions, rbac grants kept
        assertEquals("Archive reports", doc.at("/catalog/permissions/report.archive/description").asText());
        assertEquals("[\"report.archive\",\"report.delete\"]", doc.at("/catalog/permissions/report.archive/operations").toString());
        assertTrue(doc.at("/catalog/permissions/report.audit/description").isMissingNode());
        assertTrue(doc.at("/catalog/permissions/rbac.roles.read").isMissingNode());
        assertEquals("[\"analyst\"]", doc.at("/catalog/roles/archivist/inherits").toString());
        assertEquals("[\"*\"]", doc.at("/catalog/roles/owner/grants").toString());
        assertTrue(doc.at("/catalog/roles/auditor/grants").toString().contains("rbac.audit.read"));
        // directory and assignments, sorted, with validity and status
        assertEquals(List.of("alice", "bob", "carol", "dave", "erin", "frank", "gina", ownerSubject), ids(doc.get("users"), "id"));
        assertEquals("disabled", doc.at("/users/3/status").asText());
        assertEquals("[\"bob\"]", doc.at("/groups/0/members").toString());
        JsonNode carol = find(doc.get("assignments"), "user", "carol");
        assertEquals("2026-06-01T09:00:00Z", carol.get("validFrom").asText());
        assertEquals("2026-06-01T12:00:00Z", carol.get("expiresAt").asText());
        JsonNode gina = find(doc.get("assignments"), "user", "gina");
        assertEquals("manual", gina.get("source").asText());
        assertEquals("2026-06-01T14:00:00Z", gina.get("expiresAt").asText());
        assertEquals(8, doc.get("assignments").size());
        assertTrue(!doc.toString().contains("createdAt") && !doc.toString().contains("password"));

        String b = newAccount("xfer-dst", ownerSubject);
        Response imported = as(Tokens.admin(b, ownerSubject)).body(doc.toString()).post("/v1/accounts/" + b + "/import");
        imported.then().statusCode(200).body("dryRun", equalTo(false)).body("changes.users.created", equalTo(7))
                .body("changes.assignments.created", equalTo(7)).body("changes.assignments.unchanged", equalTo(1));
        long revision = imported.jsonPath().getLong("revision");
        assertEquals(Long.toString(revision), imported.header("Rolegate-Revision"));

        List<String> users = new ArrayList<>(ids(doc.get("users"), "id"));
        users.add("nobody");
        TreeSet<String> operations = new TreeSet<>();
        doc.at("/catalog/permissions").forEach(p -> p.path("operations").forEach(o -> operations.add(o.asText())));
        AdminCatalog.PERMISSIONS.values().forEach(operations::addAll);
        operations.add("no.such_operation");
        TreeSet<String> permissions = new TreeSet<>(AdminCatalog.PERMISSIONS.keySet());
        doc.at("/catalog/permissions").fieldNames().forEachRemaining(permissions::add);
        permissions.add("no.such_permission");

        // now, once carol's box has closed, and once ops' archivist has begun
        for (Instant at : List.of(NOW, NOW.plus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(2)))) {
            clock.set(at);
            List<Map<String, Object>> checks = new ArrayList<>();
            for (String user : users) {
                operations.forEach(o -> checks.add(Map.of("subject", user, "operation", o)));
                permissions.forEach(p -> checks.add(Map.of("subject", user, "permission", p)));
            }
            List<String> before = decisions(a, Tokens.check(a), checks, 0);
            List<String> after = decisions(b, Tokens.check(b), checks, revision);
            assertEquals(before, after, "decisions at " + at);
            long allowed = before.stream().filter(d -> d.startsWith("true")).count();
            assertTrue(allowed > 100 && before.size() - allowed > 200, allowed + " allowed of " + before.size());
        }
        // the time-boxed ones did change decisions over time, the same way in both accounts
        assertNotEquals(decision(b, "carol", "report.archive", NOW), decision(b, "carol", "report.archive", NOW.plus(Duration.ofHours(3))));
        assertNotEquals(decision(b, "erin", "report.archive", NOW), decision(b, "erin", "report.archive", NOW.plus(Duration.ofDays(2))));
        assertEquals("false subject_disabled", decision(b, "dave", "user.invite", NOW));
        assertEquals("true", decision(b, "gina", "user.invite", NOW));
        assertEquals("false missing_permission", decision(b, "gina", "user.invite", NOW.plus(Duration.ofHours(5))));
        clock.set(NOW);

        // round trip: the export of the import is the document, apart from where and when
        JsonNode again = export(b, Tokens.admin(b, ownerSubject));
        assertEquals(b, again.at("/account/id").asText());
        assertEquals(revision, again.get("revision").asLong());
        assertEquals(withoutProvenance(doc), withoutProvenance(again));
        // and two exports of one state are the same bytes apart from exportedAt
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        String first = exportText(a, Tokens.admin(a));
        String second = exportText(a, Tokens.admin(a));
        assertEquals(first.replaceAll("\"exportedAt\":\"[^\"]+\"", ""), second.replaceAll("\"exportedAt\":\"[^\"]+\"", ""));

        // the import is audited: a summary, then one entry per change, all at the one revision
        JsonNode log = JSON.readTree(as(Tokens.admin(b, ownerSubject)).get("/v1/accounts/" + b + "/audit?limit=1000").asString());
        List<String> actions = new ArrayList<>();
        log.get("items").forEach(e -> {
            if (e.get("revision").asLong() == revision) {
                actions.add(e.get("action").asText() + " " + e.get("target").asText());
            }
        });
        assertEquals("account.import account:" + b, actions.get(0));
        assertTrue(actions.contains("role.create role:archivist"), actions.toString());
        assertTrue(actions.contains("assignment.create user:gina/role:admin"), actions.toString());
        assertTrue(actions.contains("member.add group:eng/member:bob"), actions.toString());
        assertEquals(1 + 2 + 2 + 7 + 2 + 2 + 7, actions.size(), actions.toString());
        as(Tokens.admin(b, ownerSubject)).get("/v1/accounts/" + b + "/audit/verify").then().body("valid", equalTo(true));
    }

    @Test
    void aDryRunCountsAndWritesNothingAndTheImportReplacesWhatWasThere() throws Exception {
        String a = richAccount("xfer-dry");
        String ownerSubject = Tokens.adminSubject(a);
        JsonNode doc = export(a, Tokens.admin(a));
        String c = newAccount("xfer-full", ownerSubject);
        String base = "/v1/accounts/" + c;
        String owner = Tokens.admin(c, ownerSubject);
        put(owner, base + "/users/zed", Map.of());
        put(owner, base + "/groups/zgroup", Map.of());
        put(owner, base + "/groups/zgroup/members/zed", null);
        put(owner, base + "/users/zed/roles/viewer", Map.of());
        put(owner, base + "/roles/leftover", Map.of("permissions", List.of("report.view")));
        put(owner, base + "/permissions/report.view", Map.of("description", "changed here", "operations", List.of("report.open")));
        JsonNode before = export(c, owner);
        long entries = as(owner).get(base + "/audit/verify").jsonPath().getLong("entries");

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("permissions", List.of(2, 1, 0, 14));
        expected.put("roles", List.of(2, 0, 1, 4));
        expected.put("users", List.of(7, 0, 1, 1));
        expected.put("groups", List.of(2, 0, 1, 0));
        expected.put("memberships", List.of(2, 0, 1, 0));
        expected.put("assignments", List.of(7, 0, 1, 1));

        Response dry = as(owner).body(doc.toString()).post(base + "/import?dryRun=true");
        dry.then().statusCode(200).body("dryRun", equalTo(true)).body("revision", equalTo(null));
        assertEquals(expected, counts(dry));
        assertEquals(withoutExportedAt(before), withoutExportedAt(export(c, owner)), "a dry run writes nothing");
        assertEquals(entries, as(owner).get(base + "/audit/verify").jsonPath().getLong("entries"));

        Response real = as(owner).body(doc.toString()).post(base + "/import");
        real.then().statusCode(200).body("dryRun", equalTo(false));
        assertEquals(expected, counts(real));
        assertEquals(before.get("revision").asLong() + 1, real.jsonPath().getLong("revision"));
        JsonNode after = export(c, owner);
        assertEquals(withoutProvenance(doc), withoutProvenance(after));
        as(owner).get(base + "/users/zed").then().statusCode(404);
        as(owner).get(base + "/roles/leftover").then().statusCode(404);
        as(Tokens.check(c)).body(Map.of("subject", "alice", "operation", "report.view_results", "atLeastRevision",
                real.jsonPath().getLong("revision"))).post(base + "/check").then().body("allowed", equalTo(true));

        // importing the same document again changes nothing but the revision
        Response same = as(owner).body(doc.toString()).post(base + "/import");
        same.then().statusCode(200).body("changes.users.unchanged", equalTo(8)).body("changes.users.created", equalTo(0))
                .body("changes.assignments.unchanged", equalTo(8)).body("changes.roles.updated", equalTo(0));
    }

    @Test
    void invalidDocumentsAreRefusedWithProblemsAndChangeNothing() throws Exception {
        String a = richAccount("xfer-bad");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        ObjectNode doc = (ObjectNode) export(a, owner);
        long revision = doc.get("revision").asLong();
        long entries = as(owner).get(base + "/audit/verify").jsonPath().getLong("entries");

        ObjectNode cycle = doc.deepCopy();
        ((ObjectNode) cycle.at("/catalog/roles/viewer")).withArray("inherits").add("archivist");
        refused(owner, base, cycle.toString(), 422, "invalid_export")
                .body("errors[0].pointer", startsWith("/catalog/roles/")).body("errors[0].message", startsWith("role_cycle"));

        ObjectNode ghost = doc.deepCopy();
        ((ArrayNode) ghost.get("assignments")).addObject().put("user", "alice").put("role", "ghost").put("source", "manual");
        refused(owner, base, ghost.toString(), 422, "invalid_export")
                .body("errors[0].pointer", equalTo("/assignments/8")).body("errors[0].message", startsWith("unknown_role"));

        ObjectNode stranger = doc.deepCopy();
        ((ArrayNode) stranger.get("assignments")).addObject().put("user", "mallory").put("role", "viewer");
        refused(owner, base, stranger.toString(), 422, "invalid_export").body("errors[0].message", startsWith("unknown_subject"));

        ObjectNode member = doc.deepCopy();
        ((ArrayNode) member.at("/groups/0/members")).add("mallory");
        refused(owner, base, member.toString(), 422, "invalid_export").body("errors[0].pointer", equalTo("/groups/0/members/1"));

        ObjectNode grant = doc.deepCopy();
        ((ArrayNode) grant.at("/catalog/roles/viewer/grants")).add("report.nothing");
        refused(owner, base, grant.toString(), 422, "invalid_export").body("errors[0].message", startsWith("unknown_permission"));

        ObjectNode format = doc.deepCopy();
        format.put("format", "something-else");
        refused(owner, base, format.toString(), 422, "unsupported_export").body("errors[0].pointer", equalTo("/format"));
        ObjectNode version = doc.deepCopy();
        version.put("version", 2);
        refused(owner, base, version.toString(), 422, "unsupported_export").body("errors[0].pointer", equalTo("/version"));

        refused(owner, base, "{\"format\": \"rolegate.account-export\", ", 400, "malformed_json");
        refused(owner, base, "[]", 400, "invalid_request");
        ObjectNode unknown = doc.deepCopy();
        unknown.putArray("asignments");
        refused(owner, base, unknown.toString(), 400, "invalid_request");
        ObjectNode missing = doc.deepCopy();
        missing.remove("assignments");
        refused(owner, base, missing.toString(), 400, "invalid_request").body("errors[0].pointer", equalTo("/assignments"));
        ObjectNode names = doc.deepCopy();
        ((ObjectNode) names.at("/users/0")).put("id", "../alice");
        ((ObjectNode) names.at("/users/1")).put("status", "asleep");
        ((ObjectNode) names.at("/catalog/permissions")).putObject("Bad Name");
        refused(owner, base, names.toString(), 400, "invalid_request").body("errors.pointer",
                org.hamcrest.Matchers.hasItems("/users/0/id", "/users/1/status", "/catalog/permissions/Bad Name"));
        ObjectNode builtIn = doc.deepCopy();
        ((ObjectNode) builtIn.at("/catalog/permissions")).putObject("rbac.roles.read");
        refused(owner, base, builtIn.toString(), 400, "invalid_request").body("errors[0].pointer", equalTo("/catalog/permissions/rbac.roles.read"));
        ObjectNode window = doc.deepCopy();
        ((ObjectNode) find(window.get("assignments"), "user", "carol")).put("expiresAt", "2026-06-01T08:00:00Z");
        refused(owner, base, window.toString(), 400, "invalid_request");

        // without an owner the account would lock everyone out, as any admin write would
        ObjectNode ownerless = doc.deepCopy();
        ArrayNode kept = ownerless.putArray("assignments");
        doc.get("assignments").forEach(x -> {
            if (!x.get("role").asText().equals("owner")) {
                kept.add(x);
            }
        });
        refused(owner, base, ownerless.toString(), 409, "import_locks_out_caller");
        as(owner).body(ownerless.toString()).post(base + "/import?allowCallerLockout=true").then().statusCode(409)
                .body("code", equalTo("last_owner"));

        JsonNode now = export(a, owner);
        assertEquals(revision, now.get("revision").asLong());
        assertEquals(withoutExportedAt(doc), withoutExportedAt(now));
        assertEquals(entries, as(owner).get(base + "/audit/verify").jsonPath().getLong("entries"));
    }

    @Test
    void theCallerKeepsImportUnlessAllowedAndMayNotEscalate() throws Exception {
        String a = richAccount("xfer-lock");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        put(owner, base + "/users/second-owner", Map.of());
        put(owner, base + "/users/second-owner/roles/owner", Map.of());
        JsonNode doc = export(a, owner);
        // the document as it was before second-owner: importing it as second-owner would lock them out
        ObjectNode without = (ObjectNode) doc.deepCopy();
        removeWhere((ArrayNode) without.get("users"), "id", "second-owner");
        removeWhere((ArrayNode) without.get("assignments"), "user", "second-owner");
        String second = Tokens.admin(a, "second-owner");
        refused(second, base, without.toString(), 409, "import_locks_out_caller");
        as(second).body(without.toString()).post(base + "/import?allowCallerLockout=true").then().statusCode(200);
        as(second).get(base + "/export").then().statusCode(403);

        // an admin who may import but does not hold everything cannot import a document that grants more
        put(owner, base + "/roles/importer", Map.of("permissions", List.of("rbac.account.import", "rbac.account.export", "report.view")));
        put(owner, base + "/users/ivan", Map.of());
        put(owner, base + "/users/ivan/roles/importer", Map.of());
        JsonNode current = export(a, owner);
        as(Tokens.admin(a, "ivan")).body(current.toString()).post(base + "/import").then().statusCode(403)
                .body("code", equalTo("forbidden")).body("detail", containsString("billing.manage"));
        assertEquals(current.get("revision").asLong(), export(a, owner).get("revision").asLong());
    }

    @Test
    void anotherAccountsTokensCanNeitherExportNorImport() throws Exception {
        String a = richAccount("xfer-victim");
        String b = Api.createAccount("xfer-intruder");
        JsonNode doc = export(a, Tokens.admin(a));
        for (String token : List.of(Tokens.admin(b), Tokens.check(b), Tokens.of(b, Tokens.adminSubject(b), "rbac:admin rbac:check"))) {
            as(token).get("/v1/accounts/" + a + "/export").then().statusCode(403).body(org.hamcrest.Matchers.not(containsString("alice")));
            as(token).body(export(b, Tokens.admin(b)).toString()).post("/v1/accounts/" + a + "/import").then().statusCode(403);
            as(token).body(doc.toString()).post("/v1/accounts/" + a + "/import?dryRun=true").then().statusCode(403);
        }
        // an admin of the account without the permissions: 403 too
        as(Tokens.admin(a, "alice")).get("/v1/accounts/" + a + "/export").then().statusCode(403)
                .body("detail", containsString("rbac.account.export"));
        as(Tokens.check(a)).get("/v1/accounts/" + a + "/export").then().statusCode(403);
        assertEquals(withoutExportedAt(doc), withoutExportedAt(export(a, Tokens.admin(a))));
    }

    @Test
    void aThousandUsersImportInOneBatchedTransaction() throws Exception {
        String a = Api.createAccount("xfer-bulk");
        String owner = Tokens.admin(a);
        ObjectNode doc = (ObjectNode) export(a, owner);
        ArrayNode users = (ArrayNode) doc.get("users");
        ArrayNode groups = doc.putArray("groups");
        ArrayNode assignments = (ArrayNode) doc.get("assignments");
        for (int g = 0; g < 100; g++) {
            ObjectNode group = groups.addObject().put("id", "g" + g).put("source", "ldap").put("externalId", "guid-g" + g);
            ArrayNode members = group.putArray("members");
            for (int m = 0; m < 10; m++) {
                members.add("u" + (g * 10 + m));
            }
            assignments.addObject().put("group", "g" + g).put("role", g % 2 == 0 ? "viewer" : "analyst").put("source", "ldap");
        }
        for (int u = 0; u < 1000; u++) {
            users.addObject().put("id", "u" + u).put("email", "u" + u + "@example.test").put("source", "ldap")
                    .put("externalId", "guid-u" + u).put("externalDn", "uid=u" + u + ",ou=people,dc=example,dc=test");
            assignments.addObject().put("user", "u" + u).put("role", "viewer").put("source", "manual")
                    .put("expiresAt", "2026-07-01T00:00:00Z");
        }
        long started = System.nanoTime();
        Response r = as(owner).body(doc.toString()).post("/v1/accounts/" + a + "/import");
        long millis = (System.nanoTime() - started) / 1_000_000;
        r.then().statusCode(200).body("changes.users.created", equalTo(1000)).body("changes.memberships.created", equalTo(1000))
                .body("changes.assignments.created", equalTo(1100));
        System.out.println("import of 1000 users, 100 groups, 1000 memberships, 1100 assignments: " + millis + " ms");
        JsonNode after = export(a, owner);
        assertEquals(1001, after.get("users").size());
        assertEquals("uid=u7,ou=people,dc=example,dc=test", find(after.get("users"), "id", "u7").get("externalDn").asText());
        as(Tokens.check(a)).body(Map.of("subject", "u15", "operation", "report.edit_criteria",
                "atLeastRevision", r.jsonPath().getLong("revision"))).post("/v1/accounts/" + a + "/check").then().body("allowed", equalTo(true));
        assertTrue(millis < 30_000, millis + " ms");
    }

    // ---- helpers -------------------------------------------------------------------------

    private static JsonNode export(String account, String token) throws Exception {
        return JSON.readTree(exportText(account, token));
    }

    private static String exportText(String account, String token) {
        return as(token).get("/v1/accounts/" + account + "/export").then().statusCode(200).extract().asString();
    }

    private static io.restassured.response.ValidatableResponse refused(String token, String base, String body, int status, String code) {
        return as(token).body(body).post(base + "/import").then().statusCode(status)
                .contentType("application/problem+json").body("code", equalTo(code));
    }

    /** Each check's decision as "allowed reason missing", from batches of at most 1000. */
    private static List<String> decisions(String account, String token, List<Map<String, Object>> checks, long atLeast) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < checks.size(); from += 1000) {
            List<Map<String, Object>> batch = checks.subList(from, Math.min(checks.size(), from + 1000));
            Response r = as(token).body(Map.of("checks", batch, "atLeastRevision", atLeast))
                    .post("/v1/accounts/" + account + "/check/batch");
            r.then().statusCode(200);
            for (Map<String, Object> d : r.jsonPath().<Map<String, Object>>getList("results")) {
                out.add(d.get("allowed") + " " + d.get("reason") + " " + d.get("missing"));
            }
        }
        return out;
    }

    private String decision(String account, String subject, String operation, Instant at) {
        clock.set(at);
        var r = as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation)).post("/v1/accounts/" + account + "/check");
        return r.jsonPath().getBoolean("allowed") ? "true" : "false " + r.jsonPath().getString("reason");
    }

    private static Map<String, List<Integer>> counts(Response r) {
        Map<String, List<Integer>> counts = new LinkedHashMap<>();
        for (String kind : List.of("permissions", "roles", "users", "groups", "memberships", "assignments")) {
            counts.put(kind, List.of(r.jsonPath().getInt("changes." + kind + ".created"), r.jsonPath().getInt("changes." + kind + ".updated"),
                    r.jsonPath().getInt("changes." + kind + ".removed"), r.jsonPath().getInt("changes." + kind + ".unchanged")));
        }
        return counts;
    }

    private static JsonNode withoutProvenance(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove(List.of("account", "revision", "exportedAt"));
        return copy;
    }

    private static JsonNode withoutExportedAt(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("exportedAt");
        return copy;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get(field).asText()));
        return ids;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText(null))) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static void removeWhere(ArrayNode array, String field, String value) {
        for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
            if (value.equals(it.next().path(field).asText(null))) {
                it.remove();
            }
        }
    }

    private static void put(String token, String path, Object body) {
        var spec = as(token);
        if (body != null) {
            spec = spec.body(body);
        }
        int status = spec.put(path).statusCode();
        assertTrue(status == 200 || status == 201, path + " → " + status);
    }
}
