package dev.rolegate.change;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change feed (issue 12 item 6) and the one write path behind it (item 1). */
@QuarkusTest
class ChangeFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SettableClock clock;

    @Inject
    ChangeFeed feed;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static JsonPath page(String account, long after, int limit) {
        return as(Tokens.check(account)).get("/v1/accounts/" + account + "/changes?after=" + after + "&limit=" + limit)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every record of the account, paging with {@code limit}. */
    private static List<JsonNode> all(String account, int limit) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(as(Tokens.check(account)).get("/v1/accounts/" + account + "/changes?after=" + after
                    + "&limit=" + limit).then().statusCode(200).extract().asString());
            page.get("items").forEach(records::add);
            if (page.get("next").isNull()) {
                return records;
            }
            after = page.get("next").asLong();
        }
    }

    @Test
    void oneRecordPerRevisionInTheAdminApisShapesWithoutSecrets() throws Exception {
        String a = Api.createAccount("feed");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).header("X-Request-Id", "req-bob").body(Map.of("displayName", "Bob")).put(base + "/users/bob").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/eng").then().statusCode(201);
        as(owner).put(base + "/groups/eng/members/bob").then().statusCode(201);
        as(owner).put(base + "/groups/eng/members/bob").then().statusCode(200); // no change, still a revision
        as(owner).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        as(owner).delete(base + "/users/bob").then().statusCode(204);

        JsonPath first = page(a, 0, 2);
        assertEquals(List.of(1, 2), first.getList("items.revision"));
        assertEquals(2, first.getInt("next"));
        assertEquals(7, first.getInt("head"));
        // revision 1: the account and every row its template gave
        assertEquals("account", first.getString("items[0].changes[0].kind"));
        assertEquals("create", first.getString("items[0].changes[0].op"));
        assertEquals("account:" + a, first.getString("items[0].changes[0].key"));
        assertTrue(first.getList("items[0].changes.kind").contains("role"));
        assertEquals("platform-operator", first.getString("items[0].actor"));
        // revision 2: bob, in the admin API's UserResponse shape
        assertEquals("user:bob", first.getString("items[1].changes[0].key"));
        assertEquals(Map.of("id", "bob", "displayName", "Bob", "status", "active", "source", "local"),
                withoutNulls(first.getMap("items[1].changes[0].after")));
        assertEquals("req-bob", first.getString("items[1].requestId"));
        assertEquals(Tokens.adminSubject(a), first.getString("items[1].actor"));

        List<JsonNode> records = all(a, 3);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), records.stream().map(r -> r.get("revision").asLong()).toList());
        assertEquals("member", records.get(3).get("changes").get(0).get("kind").asText());
        assertEquals("group:eng/member:bob", records.get(3).get("changes").get(0).get("key").asText());
        assertEquals(0, records.get(4).get("changes").size(), "an add of an existing member changes nothing");
        // deleting bob takes his membership and assignment along, and the feed says so
        List<String> last = new ArrayList<>();
        records.get(6).get("changes").forEach(c -> last.add(c.get("op").asText() + " " + c.get("key").asText()));
        assertEquals(List.of("delete group:eng/member:bob", "delete user:bob/role:viewer", "delete user:bob"), last);

        JsonPath head = page(a, 7, 10);
        assertEquals(List.of(), head.getList("items"));
        org.junit.jupiter.api.Assertions.assertNull(head.get("next"));

        // LDAP settings: the bind password is never in the feed
        try (TestDirectory directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start()) {
            as(owner).body(directory.apiSettings()).put(base + "/directory/ldap").then().statusCode(201);
        }
        String body = as(Tokens.check(a)).get(base + "/changes?after=7").then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"kind\":\"ldap_settings\""), body);
        assertTrue(!body.contains(TestDirectory.PASSWORD), body);
    }

    @Test
    void whoMayReadItAndBadInput() {
        String a = Api.createAccount("feed-auth");
        String base = "/v1/accounts/" + a;
        as(Tokens.admin(a)).get(base + "/changes").then().statusCode(200);
        as(Tokens.check(a)).get(base + "/changes").then().statusCode(200);
        // a user without rbac.audit.read, a token of another account
        as(Tokens.admin(a)).body(Map.of()).put(base + "/users/vic").then().statusCode(201);
        as(Tokens.admin(a, "vic")).get(base + "/changes").then().statusCode(403);
        as(Tokens.check(Api.createAccount("feed-other"))).get(base + "/changes").then().statusCode(403);
        as(Tokens.check(a)).get(base + "/changes?after=-1").then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("errors[0].pointer", equalTo("#after"));
        as(Tokens.check(a)).get(base + "/changes?limit=1001").then().statusCode(400).body("errors[0].pointer", equalTo("#limit"));
        as(Tokens.check(a)).get(base + "/changes?limit=0").then().statusCode(400);
    }

    @Test
    void prunedRecordsAnswer410WithOldestAndHead() throws Exception {
        String a = Api.createAccount("feed-prune");
        String base = "/v1/accounts/" + a;
        as(Tokens.admin(a)).body(Map.of()).put(base + "/users/u1").then().statusCode(201);
        feed.pruneOlderThan(Instant.now().plus(Duration.ofDays(1))); // as if a week went by
        as(Tokens.admin(a)).body(Map.of()).put(base + "/users/u2").then().statusCode(201);
        as(Tokens.check(a)).get(base + "/changes?after=0").then().statusCode(410)
                .contentType("application/problem+json").body("code", equalTo("changes_expired"))
                .body("oldest", equalTo(3)).body("head", equalTo(3));
        // from the oldest kept revision's predecessor on, nothing is missing
        assertEquals(List.of(3), page(a, 2, 10).getList("items.revision"));
        as(Tokens.check(a)).get(base + "/changes/watch?after=1").then().statusCode(410).body("code", equalTo("changes_expired"));
    }

    @Test
    void aSamlLoginIsOneRevisionHoweverManyAssignmentsItSyncs() throws Exception {
        clock.set(SamlTestLogins.NOW);
        String a = Api.createAccount("feed-saml");
        SamlTestLogins.configure(a);
        long before = page(a, 0, 1).getLong("head");
        SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(a, "carol@example.test", List.of("engineering", "admins")))
                .then().statusCode(302);
        JsonPath after = page(a, before, 10);
        assertEquals(before + 1, after.getLong("head"), "one login, one revision");
        assertEquals(List.of("create user:carol@example.test", "create user:carol@example.test/role:viewer",
                        "create user:carol@example.test/role:analyst", "create user:carol@example.test/role:admin"),
                after.getList("items[0].changes").stream().map(c -> ((Map<?, ?>) c).get("op") + " " + ((Map<?, ?>) c).get("key")).toList());
        // the audit entries of that revision: the assignments, then the login
        List<Map<String, Object>> entries = as(Tokens.admin(a)).get("/v1/accounts/" + a + "/audit?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertEquals(List.of("assignment.create", "assignment.create", "assignment.create", "sso.login"), entries.stream()
                .filter(e -> ((Number) e.get("revision")).longValue() == before + 1).map(e -> e.get("action")).toList());
    }

    @Test
    void aWatcherGetsHeartbeatsAndResumesAfterLastEventId() throws Exception {
        String a = Api.createAccount("feed-watch");
        as(Tokens.admin(a)).body(Map.of()).put("/v1/accounts/" + a + "/users/w1").then().statusCode(201);
        Watcher resumed = new Watcher(a, 0, "1"); // Last-Event-ID wins over after
        Thread t = new Thread(resumed);
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (resumed.comments.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        as(Tokens.admin(a)).body(Map.of()).put("/v1/accounts/" + a + "/users/w2").then().statusCode(201);
        while (resumed.last() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        resumed.close();
        assertEquals(List.of(2L, 3L), resumed.ids.stream().map(x -> x[0]).toList());
        assertTrue(resumed.comments.stream().anyMatch(c -> c.startsWith(":")), "a heartbeat comment: " + resumed.comments);
    }

    /** Reads an event stream: (id, data) pairs until {@code stop}. */
    private static final class Watcher implements Runnable {
        final List<long[]> ids = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> records = Collections.synchronizedList(new ArrayList<>());
        final List<String> comments = Collections.synchronizedList(new ArrayList<>());
        private final HttpRequest request;
        volatile java.io.InputStream body;

        Watcher(String account, long after, String lastEventId) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/accounts/"
                    + account + "/changes/watch?after=" + after)).header("Authorization", "Bearer " + Tokens.check(account))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            request = b.build();
        }

        @Override
        public void run() {
            try {
                HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request,
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode());
                body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String line;
                long id = -1;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("data:")) {
                        JsonNode record = JSON.readTree(line.substring(5).trim());
                        assertEquals(id, record.get("revision").asLong(), "the event id is the record's revision");
                        records.add(record);
                        ids.add(new long[] {id, System.nanoTime()});
                    } else if (line.startsWith(":")) {
                        comments.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long last() {
            synchronized (ids) {
                return ids.isEmpty() ? 0 : ids.get(ids.size() - 1)[0];
            }
        }

        void close() throws Exception {
            if (body != null) {
                body.close();
            }
        }
    }

    @Test
    void concurrentWritersOfEveryKindFeedAReaderAndAWatcherEveryRevisionOnceInOrderAndTheFeedReplaysToTheExport()
            throws Exception {
        clock.set(SamlTestLogins.NOW); // the signed SAML responses are valid around this instant
        String a = Api.createAccount("feed-all");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of("operations", List.of("report.read"))).put(base + "/permissions/p.reports").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.reports"))).put(base + "/roles/reporter").then().statusCode(201);
        SamlTestLogins.configure(a);
        try (TestDirectory directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start()) {
            Map<String, Object> settings = directory.apiSettings();
            settings.put("groupRoles", Map.of("cn=analysts,ou=groups,dc=example,dc=test", List.of("reporter")));
            settings.put("maxRemovalPercent", 100);
            as(owner).body(settings).put(base + "/directory/ldap").then().statusCode(201);

            Watcher watcher = new Watcher(a, 0, null);
            Thread watching = new Thread(watcher, "feed-watcher");
            watching.setDaemon(true);
            watching.start();
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Long> paged = Collections.synchronizedList(new ArrayList<>());
            Thread reading = new Thread(() -> {
                long after = 0;
                while (true) {
                    boolean last = !writing.get();
                    JsonPath p = page(a, after, 5);
                    List<Integer> revisions = p.getList("items.revision");
                    revisions.forEach(r -> paged.add(r.longValue()));
                    if (!revisions.isEmpty()) {
                        after = revisions.get(revisions.size() - 1);
                    }
                    if (last && p.get("next") == null) {
                        return;
                    }
                }
            }, "feed-reader");
            reading.start();

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                writes.add(pool.submit(() -> write(n, a, owner)));
            }
            for (Future<?> w : writes) {
                w.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            writing.set(false);
            reading.join(60_000);
            long head = page(a, 0, 1).getLong("head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (watcher.last() < head && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            watcher.close();

            List<Long> expected = LongStream.rangeClosed(1, head).boxed().toList();
            assertEquals(expected, paged, "the reader saw every revision once, in order");
            assertEquals(expected, watcher.ids.stream().map(x -> x[0]).toList(), "the watcher saw every revision once, in order");

            // replayed from revision 0 onto an empty account, the records give the account
            FeedReplay replay = new FeedReplay();
            all(a, 1000).forEach(replay::apply);
            JsonNode export = JSON.readTree(as(owner).get(base + "/export").then().statusCode(200).extract().asString());
            assertEquals(head, export.get("revision").asLong());
            ObjectNode want = FeedReplay.comparable(export);
            assertEquals(want.toPrettyString(), replay.asExport().toPrettyString());
            // the replay covered real work: every writer committed at least one revision (how many
            // users remain depends on how the imports of older exports interleaved, so not that)
            assertTrue(head > 32, "head " + head);
            assertTrue(want.get("users").size() > 1, want.toPrettyString());
        }
    }

    /** Writer {@code n} of 32: admin calls, SAML logins, LDAP sync runs and imports in turn. */
    private static void write(int n, String a, String owner) {
        String base = "/v1/accounts/" + a;
        switch (n % 5) {
            case 0 -> {
                as(owner).body(Map.of("displayName", "U" + n)).put(base + "/users/u" + n).then().statusCode(201);
                // a concurrent import of an older export may have removed the user again: 404 then
                as(owner).body(Map.of()).put(base + "/users/u" + n + "/roles/reporter").then()
                        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(404)));
            }
            case 1 -> {
                as(owner).body(Map.of()).put(base + "/groups/g" + n).then().statusCode(201);
                as(owner).body(Map.of("permissions", List.of("p.reports"), "inherits", List.of("viewer")))
                        .put(base + "/roles/r" + n).then().statusCode(201);
                as(owner).body(Map.of()).put(base + "/groups/g" + n + "/roles/r" + n).then()
                        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(404)));
            }
            case 2 -> SamlTestLogins.postAcs(a, SamlTestLogins.signedResponse(a, "saml" + n + "@example.test",
                    n % 2 == 0 ? List.of("engineering") : List.of("admins", "engineering"))).then().statusCode(302);
            case 3 -> {
                int status = as(owner).body(Map.of("mode", "full")).post(base + "/directory/ldap/sync").then().extract().statusCode();
                assertTrue(status == 200 || status == 409, "sync: " + status);
            }
            default -> {
                String export = as(owner).get(base + "/export").then().statusCode(200).extract().asString();
                try {
                    ObjectNode doc = (ObjectNode) JSON.readTree(export);
                    ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("users")).addObject()
                            .put("id", "imported" + n).put("status", "active").put("source", "local");
                    as(owner).body(JSON.writeValueAsString(doc)).post(base + "/import").then().statusCode(200);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> out = new java.util.TreeMap<>(map);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }
}
