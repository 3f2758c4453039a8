package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 3 item 3: time-boxed emergency assignments with a reason, expiring by themselves, audited apart. */
@QuarkusTest
class BreakGlassTest {

    @Inject
    SettableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anOwnerGrantsATimeBoxedEmergencyRoleThatExpiresByItself() {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        clock.set(now);
        String a = Api.createAccount("glass");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);

        as(owner).body(Map.of("reason", "database outage, INC-42")).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(201).body("id", equalTo("admin")).body("source", equalTo("manual"))
                .body("expiresAt", equalTo("2026-06-01T14:00:00Z"));
        String check = Tokens.check(a);
        as(check).body(Map.of("subject", "bob", "operation", "user.invite")).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(true));
        // four hours later it is gone, without anyone revoking it
        clock.set(now.plus(Duration.ofHours(4)));
        as(check).body(Map.of("subject", "bob", "operation", "user.invite")).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(false));

        JsonPath log = as(owner).get(base + "/audit?limit=1000").then().statusCode(200).extract().jsonPath();
        List<String> actions = log.getList("items.action");
        int i = actions.indexOf("breakglass.grant");
        assertEquals("user:bob/role:admin", log.getString("items[" + i + "].target"));
        assertEquals("database outage, INC-42", log.getString("items[" + i + "].after.reason"));
        assertEquals("owner@" + a + ".test", log.getString("items[" + i + "].actor"));
        // one distinct event, not an ordinary assignment as well
        assertEquals(List.of("breakglass.grant"), log.getList("items.findAll { it.target == 'user:bob/role:admin' }.action"));
    }

    @Test
    void aReasonIsRequiredAndTheBoxIsBounded() {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        clock.set(now);
        String a = Api.createAccount("glass-bounds");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        long entries = as(owner).get(base + "/audit/verify").jsonPath().getLong("entries");

        as(owner).body(Map.of()).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/reason"));
        as(owner).body(Map.of("reason", "  ")).put(base + "/users/bob/break-glass/admin").then().statusCode(400);
        as(owner).body(Map.of("reason", "r", "expiresAt", "2026-06-01T14:00:01Z")).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/expiresAt")).body("detail", containsString("at most"));
        // an end already past is refused like any assignment's (issue 11 item 6)
        as(owner).body(Map.of("reason", "r", "expiresAt", "2026-06-01T09:00:00Z")).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(422).body("code", equalTo("expires_in_past")).body("errors[0].pointer", equalTo("/expiresAt"));
        assertEquals(entries, as(owner).get(base + "/audit/verify").jsonPath().getLong("entries"));

        as(owner).body(Map.of("reason", "r", "expiresAt", "2026-06-01T11:00:00Z")).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(201).body("expiresAt", equalTo("2026-06-01T11:00:00Z"));
        // never silently replaces an existing manual assignment
        as(owner).body(Map.of("reason", "again")).put(base + "/users/bob/break-glass/admin").then()
                .statusCode(409).body("code", equalTo("already_assigned"));
    }

    @Test
    void onlyOwnersMayBreakTheGlass() {
        String a = Api.createAccount("glass-owner");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/adam").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/adam/roles/admin").then().statusCode(201);
        as(Tokens.admin(a, "adam")).body(Map.of("reason", "I want it")).put(base + "/users/adam/break-glass/owner").then()
                .statusCode(403).body("detail", containsString("rbac.breakglass.write"));
    }
}
