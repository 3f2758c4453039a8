package dev.rolegate.replica;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in its prod profile (issue 7 items 1 and 3): readiness is UP, turns DOWN
 * with the database check failing while the database is away, and comes back UP after it
 * returns, while liveness stays UP throughout; Swagger UI answers in prod and is switched off
 * by {@code QUARKUS_SWAGGER_UI_ENABLED=false} while the OpenAPI document stays.
 */
class ReadinessIT {

    private static ReplicaFixture fixture;
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReplicaFixture();
        service = ServiceProcess.start("readiness", fixture.environment(Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        ReplicaFixture.closeAll(service, fixture);
    }

    @Test
    void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
        JsonPath up = awaitReady(200, Duration.ofSeconds(30));
        assertEquals("UP", up.getString("status"));
        assertEquals("UP", databaseCheck(up).get("status"));
        assertTrue(up.getList("checks.name").contains("change-notifications"), up.prettify());

        fixture.stopDatabase();
        JsonPath down = awaitReady(503, Duration.ofSeconds(30));
        assertEquals("DOWN", down.getString("status"));
        assertEquals("DOWN", databaseCheck(down).get("status"), down.prettify());
        for (int i = 0; i < 3; i++) {
            given().baseUri(service.baseUri()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            Thread.sleep(300);
        }

        fixture.startDatabase();
        JsonPath back = awaitReady(200, Duration.ofSeconds(60));
        assertEquals("UP", back.getString("status"));
        assertEquals("UP", databaseCheck(back).get("status"));
        given().baseUri(service.baseUri()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void swaggerUiAnswersInProdAndIsSwitchedOff() throws Exception {
        given().baseUri(service.baseUri()).get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
        try (ServiceProcess off = ServiceProcess.start("swagger-off",
                fixture.environment(Map.of("QUARKUS_SWAGGER_UI_ENABLED", "false")))) {
            given().baseUri(off.baseUri()).get("/q/swagger-ui/").then().statusCode(404);
            given().baseUri(off.baseUri()).get("/q/openapi?format=json").then().statusCode(200)
                    .body("info.title", equalTo("Rolegate"));
        }
    }

    /** Polls readiness until it answers {@code status}; fails after the deadline. */
    private static JsonPath awaitReady(int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().baseUri(service.baseUri()).get("/q/health/ready");
            if (last.statusCode() == status) {
                return last.jsonPath();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness did not answer " + status + " within " + timeout + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.asString()));
    }

    private static Map<String, Object> databaseCheck(JsonPath health) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> String.valueOf(c.get("name")).contains("Database")).findFirst()
                .orElseThrow(() -> new AssertionError("no database check in " + health.prettify()));
    }
}
