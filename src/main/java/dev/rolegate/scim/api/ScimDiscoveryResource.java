package dev.rolegate.scim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.unboundid.scim2.server.utils.ResourceTypeDefinition;
import dev.rolegate.scim.ScimFailure;
import dev.rolegate.scim.ScimSchemas;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCIM discovery (RFC 7644 §4): what this service provider supports, its resource types and
 * their schemas, built from the SDK's RFC 7643 definitions ({@link ScimSchemas}). Behind the
 * same SCIM token as the resources (fail closed: nothing of an account answers without it).
 */
@Path("/scim/v2/{account}")
@Produces({ScimSchemas.MEDIA_TYPE, "application/json"})
@Tag(name = "SCIM")
public class ScimDiscoveryResource {

    @Inject
    ScimEndpoints endpoints;

    @Operation(operationId = "scimServiceProviderConfig", summary = "What the SCIM service provider supports (PATCH, filter, ETags; no bulk, sort or password change)")
    @GET
    @Path("ServiceProviderConfig")
    public Response config(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "discovery", "GET", by -> {
            ObjectNode config = (ObjectNode) JsonUtils.valueToNode(ScimSchemas.SERVICE_PROVIDER_CONFIG);
            config.putObject("meta").put("resourceType", "ServiceProviderConfig")
                    .put("location", endpoints.baseUrl(account) + "/ServiceProviderConfig");
            return config;
        });
    }

    @Operation(operationId = "scimResourceTypes", summary = "The resource types: User (with the enterprise extension) and Group")
    @GET
    @Path("ResourceTypes")
    public Response resourceTypes(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "discovery", "GET",
                by -> ScimViews.list(2, 1, List.of(type(account, ScimSchemas.USERS), type(account, ScimSchemas.GROUPS))));
    }

    @Operation(operationId = "scimResourceType", summary = "One resource type: User or Group")
    @GET
    @Path("ResourceTypes/{name}")
    public Response resourceType(@PathParam("account") String account, @PathParam("name") String name,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "discovery", "GET", by -> switch (name) {
            case "User" -> type(account, ScimSchemas.USERS);
            case "Group" -> type(account, ScimSchemas.GROUPS);
            default -> throw ScimFailure.notFound("No resource type '" + name + "'; there are User and Group.");
        });
    }

    @Operation(operationId = "scimSchemas", summary = "The schemas, cut to the attributes Rolegate keeps")
    @GET
    @Path("Schemas")
    public Response schemas(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "discovery", "GET", by -> ScimViews.list(3, 1, List.of(
                schema(account, ScimSchemas.USER_SCHEMA), schema(account, ScimSchemas.ENTERPRISE_SCHEMA),
                schema(account, ScimSchemas.GROUP_SCHEMA))));
    }

    @Operation(operationId = "scimSchema", summary = "One schema by its URN")
    @GET
    @Path("Schemas/{urn}")
    public Response schema(@PathParam("account") String account, @PathParam("urn") String urn,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "discovery", "GET", by -> List.of(ScimSchemas.USER_SCHEMA,
                        ScimSchemas.ENTERPRISE_SCHEMA, ScimSchemas.GROUP_SCHEMA).stream().filter(s -> s.getId().equals(urn))
                .findFirst().map(s -> schema(account, s))
                .orElseThrow(() -> ScimFailure.notFound("No schema '" + urn + "'.")));
    }

    private ObjectNode type(String account, ResourceTypeDefinition definition) {
        ObjectNode type = (ObjectNode) JsonUtils.valueToNode(definition.toScimResource());
        type.putObject("meta").put("resourceType", "ResourceType")
                .put("location", endpoints.baseUrl(account) + "/ResourceTypes/" + definition.getName());
        return type;
    }

    private ObjectNode schema(String account, SchemaResource schema) {
        ObjectNode out = (ObjectNode) JsonUtils.valueToNode(schema);
        out.putObject("meta").put("resourceType", "Schema").put("location", endpoints.baseUrl(account) + "/Schemas/" + schema.getId());
        return out;
    }
}
