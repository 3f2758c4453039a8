package dev.rolegate.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Locale;

/**
 * Reading SCIM request bodies ({@code application/scim+json} or {@code application/json}): JSON
 * through the SCIM SDK's Jackson mapper, the {@code schemas} a body must name (RFC 7643 §3).
 */
public final class ScimRequests {

    private static final ObjectMapper JSON = JsonUtils.createObjectMapper();

    private ScimRequests() {
    }

    /**
     * Parses a request body into a JSON object.
     *
     * @throws ScimFailure 400 {@code invalidSyntax} for an empty body, malformed JSON or a non-object
     */
    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ScimFailure.invalidSyntax("a JSON body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimFailure.invalidSyntax("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ScimFailure.invalidSyntax("the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Requires {@code schemas} to name {@code core} and nothing Rolegate does not serve.
     *
     * @throws ScimFailure 400 {@code invalidSyntax} naming the missing or unknown schema
     */
    public static void requireSchema(ObjectNode body, String core, String... extensions) {
        JsonNode schemas = ScimPatch.field(body, "schemas");
        if (schemas == null || !schemas.isArray()) {
            throw ScimFailure.invalidSyntax("\"schemas\" must list " + core);
        }
        boolean named = false;
        for (JsonNode schema : schemas) {
            String urn = schema.asText();
            if (urn.equalsIgnoreCase(core)) {
                named = true;
            } else if (java.util.Arrays.stream(extensions).noneMatch(urn::equalsIgnoreCase)) {
                throw ScimFailure.invalidSyntax("unknown schema " + schema + " in \"schemas\"; this endpoint takes " + core
                        + (extensions.length == 0 ? "" : " with " + String.join(", ", extensions)));
            }
        }
        if (!named) {
            throw ScimFailure.invalidSyntax("\"schemas\" must list " + core + ", got " + schemas);
        }
    }

    /** Lowercase, for comparing names and values that SCIM compares without case. */
    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
