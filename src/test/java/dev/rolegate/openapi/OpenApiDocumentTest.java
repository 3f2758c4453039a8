package dev.rolegate.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is committed as {@code src/test/resources/openapi/openapi.json}; an API
 * change that does not update it fails here. Regenerate with
 * {@code mvn test -Dtest=OpenApiDocumentTest -Dopenapi.regenerate=true} and commit the file.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Path GOLDEN = Path.of("src/test/resources/openapi/openapi.json");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void theDocumentMatchesTheCommittedGoldenFile() throws IOException {
        String body = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        JsonNode actual = JSON.readTree(body);
        String rendered = JSON.writeValueAsString(JSON.treeToValue(actual, Object.class)) + "\n";
        if (Boolean.getBoolean("openapi.regenerate")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, rendered, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(GOLDEN)) {
            fail("No " + GOLDEN + ". Generate it with: mvn test -Dtest=OpenApiDocumentTest -Dopenapi.regenerate=true");
        }
        JsonNode expected = JSON.readTree(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        if (!expected.equals(actual)) {
            Path seen = Path.of("target/openapi-actual.json");
            Files.createDirectories(seen.getParent());
            Files.writeString(seen, rendered, StandardCharsets.UTF_8);
            fail("The OpenAPI document differs from " + GOLDEN + " (the served one is in " + seen + ")."
                    + " If the API change is intended, regenerate the golden file with"
                    + " `mvn test -Dtest=OpenApiDocumentTest -Dopenapi.regenerate=true` and commit it.");
        }
    }

    @Test
    void everyOperationHasAnIdASummaryAndProblemResponses() throws IOException {
        JsonNode doc = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
        assertEquals("string", doc.at("/components/schemas/Problem/properties/code/type").textValue());
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().has("responses")) {
                    continue; // "parameters" and the like
                }
                operations++;
                String where = op.getKey() + " " + path.getKey();
                assertTrue(op.getValue().path("operationId").isTextual(), where + " has no operationId");
                assertTrue(op.getValue().path("summary").isTextual(), where + " has no summary");
                assertEquals("#/components/responses/ClientProblem",
                        op.getValue().at("/responses/4XX/$ref").textValue(), where + " 4XX");
                assertEquals("#/components/responses/ServerProblem",
                        op.getValue().at("/responses/5XX/$ref").textValue(), where + " 5XX");
            }
        }
        assertEquals(86, operations, "operations in the document"); // 64 + the five SCIM admin calls + the 17 SCIM protocol calls (issue 15)
        assertEquals("#/components/schemas/Problem",
                doc.at("/components/responses/ClientProblem/content/application~1problem+json/schema/$ref").textValue());
        assertTrue(doc.at("/paths/~1dev~1token").isMissingNode(), "the dev-only token endpoint is not published");
    }

    @Test
    void swaggerUiAnswers() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
        given().redirects().follow(false).get("/q/swagger-ui").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(301), org.hamcrest.Matchers.is(302)));
    }
}
