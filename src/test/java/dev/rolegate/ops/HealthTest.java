package dev.rolegate.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Liveness, and readiness covering the database and the change-notification listener. */
@QuarkusTest
class HealthTest {

    /** The readiness path; the Dockerfile's HEALTHCHECK asks it (ComposeConsistencyTest). */
    static final String READY = "/q/health/ready";

    @Test
    void readyCoversTheDatabaseAndTheChangeNotificationListener() throws InterruptedException {
        // the listener connects on its own thread after start-up
        long deadline = System.currentTimeMillis() + 15_000;
        while (given().get("/q/health/ready").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).extract().jsonPath();
        List<String> names = ready.getList("checks.name");
        org.hamcrest.MatcherAssert.assertThat(names, hasItem("change-notifications"));
        org.hamcrest.MatcherAssert.assertThat(names, hasItem(org.hamcrest.Matchers.containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theDockerHealthCheckPathAnswersReady() throws Exception {
        String dockerfile = java.nio.file.Files.readString(java.nio.file.Path.of("docker", "Dockerfile"));
        org.hamcrest.MatcherAssert.assertThat(dockerfile, org.hamcrest.Matchers.containsString("GET " + READY + " HTTP/1.0"));
        long deadline = System.currentTimeMillis() + 15_000;
        while (given().get(READY).statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        given().get(READY).then().statusCode(200).body("status", equalTo("UP"));
    }
}
