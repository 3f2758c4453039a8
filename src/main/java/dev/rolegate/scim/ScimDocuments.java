package dev.rolegate.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cuts a SCIM resource a client sent down to what Rolegate keeps ({@link ScimSchemas}), in the
 * schemas' spelling of each attribute name (names are case-insensitive, RFC 7643 §2.1), and
 * coerces {@code active} sent as the strings {@code "True"}/{@code "False"} (Entra ID's default
 * dialect) to a boolean. Read-only attributes ({@code id}, {@code meta}, {@code schemas}) are
 * dropped without counting; anything else not kept ({@code password} included: never stored) is
 * dropped and counted.
 */
public final class ScimDocuments {

    /** The kept resource and how many sent attributes were ignored. */
    public record Kept(ObjectNode resource, int ignored) {
    }

    private static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas");
    private static final Map<String, String> USER_NAMES = canonical(ScimSchemas.USER_ATTRIBUTES);
    private static final Map<String, String> ENTERPRISE_NAMES = canonical(ScimSchemas.ENTERPRISE_ATTRIBUTES);
    private static final Map<String, String> GROUP_NAMES = canonical(ScimSchemas.GROUP_ATTRIBUTES);

    private ScimDocuments() {
    }

    /** The kept User attributes of {@code sent} (core, {@code externalId}, the enterprise extension's three). */
    public static Kept user(ObjectNode sent) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        ObjectNode enterprise = JsonNodeFactory.instance.objectNode();
        int ignored = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (READ_ONLY.contains(name) || READ_ONLY.contains(lower)) {
                continue;
            }
            if (lower.equals("externalid")) {
                kept.set("externalId", field.getValue());
            } else if (lower.equals(ScimSchemas.ENTERPRISE_USER.toLowerCase(Locale.ROOT)) && field.getValue().isObject()) {
                ignored += keep(field.getValue(), ENTERPRISE_NAMES, enterprise);
            } else if (lower.startsWith(ScimSchemas.ENTERPRISE_USER.toLowerCase(Locale.ROOT) + ":")) {
                // an extension attribute spelled as a full path at the top level
                ignored += keepOne(name.substring(ScimSchemas.ENTERPRISE_USER.length() + 1), field.getValue(), ENTERPRISE_NAMES, enterprise);
            } else if (lower.startsWith(ScimSchemas.USER.toLowerCase(Locale.ROOT) + ":")) {
                ignored += keepOne(name.substring(ScimSchemas.USER.length() + 1), field.getValue(), USER_NAMES, kept);
            } else {
                ignored += keepOne(name, field.getValue(), USER_NAMES, kept);
            }
        }
        if (!enterprise.isEmpty()) {
            kept.set(ScimSchemas.ENTERPRISE_USER, enterprise);
        }
        coerceActive(kept);
        return new Kept(kept, ignored);
    }

    /** The kept Group attributes of {@code sent}: {@code displayName}, {@code externalId}, {@code members}. */
    public static Kept group(ObjectNode sent) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        int ignored = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String lower = field.getKey().toLowerCase(Locale.ROOT);
            if (READ_ONLY.contains(lower)) {
                continue;
            }
            if (lower.equals("externalid")) {
                kept.set("externalId", field.getValue());
            } else {
                String name = lower.startsWith(ScimSchemas.GROUP.toLowerCase(Locale.ROOT) + ":")
                        ? field.getKey().substring(ScimSchemas.GROUP.length() + 1) : field.getKey();
                ignored += keepOne(name, field.getValue(), GROUP_NAMES, kept);
            }
        }
        return new Kept(kept, ignored);
    }

    /**
     * Makes {@code active} a boolean: JSON {@code true}/{@code false}, or the strings
     * {@code "true"}/{@code "false"} in any case.
     *
     * @throws ScimFailure 400 {@code invalidValue} for anything else
     */
    public static void coerceActive(ObjectNode resource) {
        JsonNode active = resource.get("active");
        if (active == null || active.isNull() || active.isBoolean()) {
            return;
        }
        String text = active.isTextual() ? active.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!text.equals("true") && !text.equals("false")) {
            throw ScimFailure.invalidValue("active must be true or false, got " + active);
        }
        resource.put("active", text.equals("true"));
    }

    private static int keep(JsonNode object, Map<String, String> names, ObjectNode into) {
        int ignored = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            ignored += keepOne(field.getKey(), field.getValue(), names, into);
        }
        return ignored;
    }

    private static int keepOne(String name, JsonNode value, Map<String, String> names, ObjectNode into) {
        String canonical = names.get(name.toLowerCase(Locale.ROOT));
        if (canonical == null) {
            return 1;
        }
        into.set(canonical, value);
        return 0;
    }

    private static Map<String, String> canonical(Set<String> names) {
        Map<String, String> byLower = new TreeMap<>();
        names.forEach(n -> byLower.put(n.toLowerCase(Locale.ROOT), n));
        return Map.copyOf(byLower);
    }
}
