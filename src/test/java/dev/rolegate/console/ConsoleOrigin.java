package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;

import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The test profile of every console browser test: the service on a fixed loopback port that is
 * also its public base URL (the console's origin check compares a request's {@code Origin} with
 * it, so the browser must use exactly that address). One profile for all of them, so Quarkus
 * starts once for the lot. The port is {@value #DEFAULT_PORT} unless the system property
 * {@code rolegate.test.console-port} names another (two builds on one machine).
 */
public class ConsoleOrigin implements QuarkusTestProfile {

    static final int DEFAULT_PORT = 18931;
    public static final int PORT = Integer.getInteger("rolegate.test.console-port", DEFAULT_PORT);
    public static final String BASE = "http://localhost:" + PORT;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.test-port", Integer.toString(PORT), "rolegate.sso.public-base-url", BASE);
    }

    /** A one-time console link of {@code account} for {@code admin}, asked for with a platform token. */
    public static String link(String account, String admin) {
        return as(Tokens.platform()).body(Map.of("admin", admin, "returnUrl", BASE + "/q/health"))
                .post("/v1/accounts/" + account + "/console/sessions").then().statusCode(201).extract().path("url");
    }
}
