package dev.rolegate.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.server.utils.ResourcePreparer;
import com.unboundid.scim2.server.utils.ResourceTypeDefinition;
import dev.rolegate.scim.ScimFailure;
import dev.rolegate.scim.ScimProvisioning;
import dev.rolegate.scim.ScimSchemas;
import dev.rolegate.scim.ScimRecords;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The SCIM JSON of users, groups and list answers (RFC 7643 §3.1 {@code meta}, RFC 7644 §3.4.2
 * ListResponse), trimmed to the request's {@code attributes} / {@code excludedAttributes} by the
 * SDK's {@link ResourcePreparer} ({@code id} and {@code schemas} always stay).
 */
final class ScimViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScimViews() {
    }

    static ObjectNode user(ScimProvisioning.User user, String base) {
        ScimRecords.UserRow row = user.row();
        ObjectNode out = NODES.objectNode();
        ArrayNode schemas = out.putArray("schemas").add(ScimSchemas.USER);
        if (user.resource().has(ScimSchemas.ENTERPRISE_USER)) {
            schemas.add(ScimSchemas.ENTERPRISE_USER);
        }
        out.put("id", row.id());
        for (Iterator<Map.Entry<String, JsonNode>> it = user.resource().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.set(field.getKey(), field.getValue());
        }
        out.put("active", row.active());
        out.set("meta", meta("User", row.createdAt(), row.updatedAt(), base + "/Users/" + row.id(), row.version()));
        return out;
    }

    static ObjectNode group(ScimProvisioning.Group group, String base) {
        ScimRecords.GroupRow row = group.row();
        ObjectNode out = NODES.objectNode();
        out.putArray("schemas").add(ScimSchemas.GROUP);
        out.put("id", row.id());
        if (row.externalId() != null) {
            out.put("externalId", row.externalId());
        }
        out.put("displayName", row.displayName());
        if (group.members() != null) {
            ArrayNode members = out.putArray("members");
            for (ScimRecords.Member m : group.members()) {
                members.addObject().put("value", m.id()).put("display", m.userName()).put("type", "User")
                        .put("$ref", base + "/Users/" + m.id());
            }
        }
        out.set("meta", meta("Group", row.createdAt(), row.updatedAt(), base + "/Groups/" + row.id(), row.version()));
        return out;
    }

    static ObjectNode list(long total, int startIndex, List<ObjectNode> resources) {
        ObjectNode out = NODES.objectNode();
        out.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        out.put("totalResults", total);
        out.put("startIndex", startIndex);
        out.put("itemsPerPage", resources.size());
        out.putArray("Resources").addAll(resources);
        return out;
    }

    /** The resource cut to the request's {@code attributes} or {@code excludedAttributes}. */
    static ObjectNode trimmed(ResourceTypeDefinition type, UriInfo uri, ObjectNode resource) {
        try {
            return new ResourcePreparer<GenericScimResource>(type, uri).trimRetrievedResource(new GenericScimResource(resource))
                    .getObjectNode();
        } catch (BadRequestException e) {
            throw ScimFailure.invalidValue("attributes / excludedAttributes: " + e.getMessage());
        }
    }

    /** True when the request's {@code excludedAttributes} leaves out a group's members (Entra ID asks so). */
    static boolean wantsMembers(UriInfo uri) {
        String excluded = uri.getQueryParameters().getFirst("excludedAttributes");
        String attributes = uri.getQueryParameters().getFirst("attributes");
        if (excluded != null && List.of(excluded.toLowerCase(java.util.Locale.ROOT).split("\\s*,\\s*")).stream()
                .anyMatch(a -> a.equals("members") || a.equals(ScimSchemas.GROUP.toLowerCase(java.util.Locale.ROOT) + ":members"))) {
            return false;
        }
        return attributes == null || attributes.toLowerCase(java.util.Locale.ROOT).contains("members");
    }

    private static ObjectNode meta(String type, Instant created, Instant modified, String location, long version) {
        ObjectNode meta = NODES.objectNode();
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", location);
        meta.put("version", ScimProvisioning.version(version));
        return meta;
    }
}
