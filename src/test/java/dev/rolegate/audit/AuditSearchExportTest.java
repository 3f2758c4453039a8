package dev.rolegate.audit;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 7: the audit log filtered by actor, target, action and time, and exported as JSON
 * Lines and CSV with its hash chain, which the test recomputes with {@link AuditChain}.
 */
@QuarkusTest
class AuditSearchExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String a;
    private String base;
    private String owner;

    @BeforeEach
    void account() {
        a = Api.createAccount("auditsearch");
        base = "/v1/accounts/" + a;
        owner = Tokens.adminSubject(a);
        admin(a).body(Map.of("operations", List.of("x.run"))).put(base + "/permissions/x.use").then().statusCode(201);
        // a description with a comma, quotes and non-ASCII text: CSV must quote it
        admin(a).body(Map.of("description", "Runs \"x\", fast — ok", "permissions", List.of("x.use"))).put(base + "/roles/xer")
                .then().statusCode(201);
        admin(a).body(Map.of("displayName", "Bob")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/bob/roles/xer").then().statusCode(201);
        admin(a).body(Map.of("displayName", "Carol")).put(base + "/users/carol").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/carol/roles/admin").then().statusCode(201);
        // carol, an admin herself, makes a change of her own
        as(Tokens.admin(a, "carol")).body(Map.of("displayName", "Dan")).put(base + "/users/dan").then().statusCode(201);
        admin(a).body(Map.of("displayName", "Bobby")).put(base + "/users/bob").then().statusCode(200);
    }

    private JsonPath list(String query) {
        return admin(a).get(base + "/audit" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void entriesAreFilteredByActorTargetActionAndTime() {
        JsonPath all = list("");
        int total = all.getInt("total");
        assertEquals(all.getList("items").size(), total);

        JsonPath carol = list("?actor=carol");
        assertEquals(List.of("user:dan"), carol.getList("items.target"));
        assertEquals(List.of("user.create"), carol.getList("items.action"));
        assertEquals(1, carol.getInt("total"));

        // the target itself and what is below it, not user:bobby or the like
        JsonPath bob = list("?target=user:bob");
        assertEquals(List.of("user:bob", "user:bob/role:xer", "user:bob"), bob.getList("items.target"));
        assertEquals(List.of("user.create", "assignment.create", "user.update"), bob.getList("items.action"));
        assertEquals(List.of("user.update"), list("?target=user:bob&action=user.update").getList("items.action"));
        assertEquals(List.of("role:xer"), list("?action=role.create").getList("items.target"));
        assertEquals(List.of(), list("?actor=" + owner + "&target=user:dan").getList("items"));

        // from inclusive, to exclusive, against the entries' own times
        List<String> times = all.getList("items.at", String.class);
        List<Long> ids = all.getList("items.id", Long.class);
        Instant from = Instant.parse(times.get(2));
        Instant to = Instant.parse(times.get(times.size() - 1));
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            Instant at = Instant.parse(times.get(i));
            if (!at.isBefore(from) && at.isBefore(to)) {
                expected.add(ids.get(i));
            }
        }
        JsonPath window = admin(a).queryParam("from", from.toString()).queryParam("to", to.toString()).get(base + "/audit")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(expected, window.getList("items.id", Long.class));
        assertTrue(expected.size() >= 1 && expected.size() < total, expected.toString());

        // paging within a filter: the total stays that of the filter
        JsonPath first = list("?target=user:bob&limit=2");
        assertEquals(2, first.getList("items").size());
        assertEquals(3, first.getInt("total"));
        JsonPath second = list("?target=user:bob&limit=2&after=" + first.getString("next"));
        assertEquals(List.of("user.update"), second.getList("items.action"));
        assertEquals(3, second.getInt("total"));
    }

    @Test
    void badFiltersAreProblems() {
        for (String query : List.of("?from=yesterday", "?to=2026-13-01T00:00:00Z", "?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
                "/export?format=jsonl&from=nope", "/export?format=xml", "/export", "/export?format=JSONL&to=x")) {
            admin(a).get(base + "/audit" + query).then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_request"));
        }
        admin(a).get(base + "/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z").then().body("errors[0].pointer", equalTo("#from"));
        admin(a).get(base + "/audit/export?format=xml").then().body("errors[0].pointer", equalTo("#format"));
        // an offset other than Z is an ISO-8601 instant too
        assertEquals(list("").getInt("total"), admin(a).queryParam("from", "2000-01-01T01:00:00+01:00").get(base + "/audit")
                .then().statusCode(200).extract().jsonPath().getInt("total"));
    }

    @Test
    void theJsonLinesExportCarriesAChainThatVerifiesFromTheFirstEntry() throws Exception {
        Response response = admin(a).get(base + "/audit/export?format=jsonl");
        response.then().statusCode(200).contentType(startsWith("application/x-ndjson"))
                .header("Content-Disposition", equalTo("attachment; filename=\"audit-" + a + ".jsonl\""));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            // each line is exactly one object: no separator before it (Jackson's root separator is a space)
            assertTrue(line.startsWith("{\"account\":"), line);
            lines.add(JSON.readTree(line));
        }
        assertTrue(response.asString().endsWith("\n"));
        assertEquals(list("").getInt("total"), lines.size());
        List<Entry> entries = lines.stream().map(n -> new Entry(n.get("account").asText(), n.get("id").asLong(),
                n.get("at").asText(), n.get("actor").asText(), n.get("action").asText(), n.get("target").asText(),
                json(n.get("before")), json(n.get("after")), n.get("requestId").isNull() ? null : n.get("requestId").asText(),
                n.get("revision").asLong(), n.get("prevHash").asText(), n.get("hash").asText())).toList();
        verifyChain(entries, true);
        assertEquals(List.of("account.create", "permission.create", "role.create"),
                entries.subList(0, 3).stream().map(Entry::action).toList());
        assertEquals("Runs \"x\", fast — ok", lines.get(2).get("after").get("description").asText());
    }

    @Test
    void theCsvExportIsRfc4180AndItsChainVerifies() throws Exception {
        Response response = admin(a).get(base + "/audit/export?format=csv");
        response.then().statusCode(200).contentType(startsWith("text/csv"));
        String body = response.asString();
        assertTrue(body.startsWith(String.join(",", AuditExport.COLUMNS) + "\r\n"), body);
        assertTrue(body.contains("\"Runs \\\"\"x\\\"\", fast — ok\""), body); // the JSON's \" quoted as \"" in a quoted field
        List<Entry> entries = csv(body);
        assertEquals(list("").getInt("total"), entries.size());
        verifyChain(entries, true);
    }

    @Test
    void aFilteredExportHoldsOnlyItsEntriesEachOfWhichVerifies() throws Exception {
        List<Entry> bob = csv(admin(a).get(base + "/audit/export?format=csv&target=user:bob").then().statusCode(200)
                .extract().asString());
        assertEquals(List.of("user:bob", "user:bob/role:xer", "user:bob"), bob.stream().map(Entry::target).toList());
        verifyChain(bob, false);
        List<Long> listed = list("?target=user:bob").getList("items.id", Long.class);
        assertEquals(listed, bob.stream().map(Entry::seq).toList());
        assertEquals(List.of(), csv(admin(a).get(base + "/audit/export?format=csv&actor=nobody").then().statusCode(200)
                .extract().asString()));
        assertEquals("", admin(a).get(base + "/audit/export?format=jsonl&actor=nobody").then().statusCode(200)
                .extract().asString());
    }

    /** One exported entry, as an auditor reads it. */
    record Entry(String account, long seq, String at, String actor, String action, String target, String before,
                 String after, String requestId, long revision, String prevHash, String hash) {
    }

    /**
     * What docs/audit.md tells an auditor to do: each entry's hash is sha-256 of its prevHash and
     * its canonical content; in an export of the whole log, the first entry chains to 64 zeros and
     * each prevHash is the hash of the entry before it.
     */
    private static void verifyChain(List<Entry> entries, boolean whole) {
        assertTrue(!entries.isEmpty());
        String previous = AuditChain.GENESIS;
        for (Entry e : entries) {
            String content = AuditChain.content(e.account(), e.seq(), Instant.parse(e.at()), e.actor(), e.action(), e.target(),
                    e.before(), e.after(), e.requestId(), e.revision());
            assertEquals(e.hash(), AuditChain.hash(e.prevHash(), content), "entry " + e.seq());
            if (whole) {
                assertEquals(previous, e.prevHash(), "entry " + e.seq() + " chains to the one before");
                previous = e.hash();
            }
        }
        if (whole) {
            assertEquals(1, entries.get(0).seq());
        }
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static List<Entry> csv(String body) throws Exception {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.EMPTY_STRING_AS_NULL);
        List<Entry> entries = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            while (rows.hasNext()) {
                Map<String, String> r = rows.next();
                entries.add(new Entry(r.get("account"), Long.parseLong(r.get("id")), r.get("at"), r.get("actor"), r.get("action"),
                        r.get("target"), r.get("before"), r.get("after"), r.get("requestId"), Long.parseLong(r.get("revision")),
                        r.get("prevHash"), r.get("hash")));
            }
        }
        return entries;
    }
}
