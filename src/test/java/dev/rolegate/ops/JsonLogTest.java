package dev.rolegate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON log format prod uses (quarkus-logging-json), written here to a file so the test can
 * read it: every line is a JSON object and a request's lines carry its request id.
 */
@QuarkusTest
@TestProfile(JsonLogTest.JsonLogs.class)
class JsonLogTest {

    static final Path LOG = Path.of("target", "json-log-test.log");

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true");
        }
    }

    @Test
    void linesAreJsonAndCarryTheRequestId() throws IOException, InterruptedException {
        String account = Api.newAccountId("jsonlog");
        String requestId = "jsonlog-" + System.nanoTime();
        // logged at INFO inside the request: "SAML login refused: not_configured ..."
        given().header("X-Request-Id", requestId).formParam("SAMLResponse", "PHNhbWxwOlJlc3BvbnNlLz4=")
                .post("/saml/" + account + "/acs").then().statusCode(400);
        ObjectMapper json = new ObjectMapper();
        JsonNode found = null;
        for (int attempt = 0; attempt < 50 && found == null; attempt++) {
            List<String> lines = Files.exists(LOG) ? Files.readAllLines(LOG) : List.of();
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line); // throws on a non-JSON line
                assertTrue(node.isObject(), line);
                if (node.path("message").asText().startsWith("SAML login refused")
                        && node.path("message").asText().contains(account)) {
                    found = node;
                }
            }
            if (found == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(found != null, "no JSON line for the refused login in " + LOG);
        assertEquals(requestId, found.path("mdc").path("requestId").asText(), found.toString());
        assertEquals("INFO", found.path("level").asText());
    }
}
