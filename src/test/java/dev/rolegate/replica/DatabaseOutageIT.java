package dev.rolegate.replica;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back (issue 4 item 4): checks keep answering from the held
 * snapshot for the outage grace, saying so in {@code Rolegate-Stale}, then fail closed with 503;
 * writes fail with 503 and leave nothing behind; when the database returns, all recovers.
 */
class DatabaseOutageIT {

    private static ReplicaFixture fixture;
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReplicaFixture();
        service = ServiceProcess.start("outage", fixture.environment(Map.of(
                "ROLEGATE_CHECK_OUTAGE_GRACE", "4s",
                "ROLEGATE_CHECK_MAX_STALENESS", "1s",
                "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "2s")));
    }

    @AfterAll
    static void stop() throws Exception {
        ReplicaFixture.closeAll(service, fixture);
    }

    @Test
    void checksRideOutAShortOutageAndThenFailClosed() throws Exception {
        String account = "outage";
        fixture.as(service, fixture.token(null, "platform", "rbac:platform"))
                .body(Map.of("id", account, "name", "Outage", "template", "saas-analytics", "owner", "olga"))
                .post("/v1/accounts").then().statusCode(201);
        String admin = fixture.token(account, "olga", "rbac:admin");
        String check = fixture.token(account, "backend", "rbac:check");
        check(check, account).then().statusCode(200).body("allowed", equalTo(true)).header("Rolegate-Stale", nullValue());

        fixture.stopDatabase();
        long down = System.nanoTime();
        Thread.sleep(1500); // past the staleness bound: only the grace keeps the snapshot in use

        check(check, account).then().statusCode(200).body("allowed", equalTo(true)).header("Rolegate-Stale", notNullValue());
        fixture.as(service, admin).body(Map.of()).put("/v1/accounts/" + account + "/users/mallory").then()
                .statusCode(503).contentType("application/problem+json").body("code", equalTo("database_unavailable"));

        while (System.nanoTime() - down < 4_500_000_000L) {
            Thread.sleep(100);
        }
        check(check, account).then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("database_unavailable"));

        fixture.startDatabase();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = check(check, account).statusCode();
        }
        check(check, account).then().statusCode(200).body("allowed", equalTo(true)).header("Rolegate-Stale", nullValue());
        // the refused write left nothing behind
        fixture.as(service, admin).get("/v1/accounts/" + account + "/users/mallory").then().statusCode(404);
    }

    private static Response check(String token, String account) {
        return fixture.as(service, token).body(Map.of("subject", "olga", "operation", "report.rename"))
                .post("/v1/accounts/" + account + "/check");
    }
}
