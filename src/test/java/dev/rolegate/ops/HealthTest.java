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
    void aFailingLdapDirectoryOfOneAccountNeverMakesTheServiceUnready() throws Exception {
        awaitReady();
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        String account = dev.rolegate.testing.Api.createAccount("health-ldap");
        String base = "/v1/accounts/" + account + "/directory/ldap";
        String admin = dev.rolegate.testing.Tokens.admin(account);
        java.util.Map<String, Object> settings = LdapBodies.settings("ldap://127.0.0.1:" + closed,
                "cn=sync,dc=example,dc=test", "unreachable-directory");
        dev.rolegate.testing.Api.as(admin).body(settings).put(base).then().statusCode(201);

        // the directory cannot be reached: the test and the sync say so, for this account only
        int tested = dev.rolegate.testing.Api.as(admin).post(base + "/test").then().extract().statusCode();
        org.hamcrest.MatcherAssert.assertThat(tested, org.hamcrest.Matchers.greaterThanOrEqualTo(500));
        dev.rolegate.testing.Api.as(admin).body(java.util.Map.of("mode", "full")).post(base + "/sync").then()
                .statusCode(200).body("status", equalTo("failed"));

        JsonPath ready = given().get(READY).then().statusCode(200).body("status", equalTo("UP")).extract().jsonPath();
        for (String name : ready.<String>getList("checks.name")) {
            org.hamcrest.MatcherAssert.assertThat("no readiness check of a customer's directory", name.toLowerCase(),
                    org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("ldap")));
        }
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (given().get(READY).statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void theDockerHealthCheckPathAnswersReady() throws Exception {
        String dockerfile = java.nio.file.Files.readString(java.nio.file.Path.of("docker", "Dockerfile"));
        org.hamcrest.MatcherAssert.assertThat(dockerfile, org.hamcrest.Matchers.containsString("GET " + READY + " HTTP/1.0"));
        awaitReady();
        given().get(READY).then().statusCode(200).body("status", equalTo("UP"));
    }
}
