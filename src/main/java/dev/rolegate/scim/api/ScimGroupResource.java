package dev.rolegate.scim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.platform.Responses;
import dev.rolegate.scim.ScimProvisioning;
import dev.rolegate.scim.ScimRequests;
import dev.rolegate.scim.ScimSchemas;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCIM 2.0 Groups of one account: {@code /scim/v2/{account}/Groups}. A group's members are
 * SCIM Users of the account; its {@code displayName} may map to roles
 * ({@code PUT /v1/accounts/{a}/scim}). A PATCH answers 204 unless {@code attributes} asks for
 * the group back (a group of 10,000 members is not echoed on every membership change).
 */
@Path("/scim/v2/{account}/Groups")
@Produces({ScimSchemas.MEDIA_TYPE, "application/json"})
@Consumes({ScimSchemas.MEDIA_TYPE, "application/json"})
@Tag(name = "SCIM")
public class ScimGroupResource {

    @Inject
    ScimEndpoints endpoints;

    @Inject
    ScimProvisioning provisioning;

    @Context
    UriInfo uri;

    @Operation(operationId = "scimListGroups", summary = "List or filter Groups (excludedAttributes=members leaves members out)")
    @GET
    public Response list(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @QueryParam("filter") String filter, @QueryParam("startIndex") String startIndex,
                         @QueryParam("count") String count) {
        return endpoints.answer(account, authorization, "Group", "GET", by -> {
            int start = ScimUserResource.Paging.startIndex(startIndex);
            Map.Entry<Long, List<ScimProvisioning.Group>> page = provisioning.listGroups(account, filter, start,
                    ScimUserResource.Paging.count(count), ScimViews.wantsMembers(uri));
            String base = endpoints.baseUrl(account);
            return ScimViews.list(page.getKey(), start, page.getValue().stream()
                    .map(g -> ScimViews.trimmed(ScimSchemas.GROUPS, uri, ScimViews.group(g, base))).toList());
        });
    }

    @Operation(operationId = "scimCreateGroup", summary = "Create a Group with its members (201; 409 uniqueness for a displayName taken)")
    @POST
    public Response create(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           String body) {
        return endpoints.answer(account, authorization, "Group", "POST", by -> {
            ScimProvisioning.Group created = provisioning.createGroup(account, by, ScimRequests.object(body));
            ObjectNode group = view(account, created.row().id());
            return ScimEndpoints.status(201, ScimViews.trimmed(ScimSchemas.GROUPS, uri, group), group.path("meta").path("location").asText(),
                    group.path("meta").path("version").asText(), created.revision());
        });
    }

    @Operation(operationId = "scimGetGroup", summary = "Read a Group")
    @GET
    @Path("{id}")
    public Response get(@PathParam("account") String account, @PathParam("id") String id,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "Group", "GET", by -> one(view(account, id), 0));
    }

    @Operation(operationId = "scimReplaceGroup", summary = "Replace a Group: displayName and the whole member list")
    @PUT
    @Path("{id}")
    public Response replace(@PathParam("account") String account, @PathParam("id") String id,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return endpoints.answer(account, authorization, "Group", "PUT", by -> {
            long revision = provisioning.replaceGroup(account, by, id, ifMatch, ScimRequests.object(body)).revision();
            return one(view(account, id), revision);
        });
    }

    @Operation(operationId = "scimPatchGroup", summary = "Modify a Group with PATCH operations: members added or removed in one revision")
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("account") String account, @PathParam("id") String id,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return endpoints.answer(account, authorization, "Group", "PATCH", by -> {
            ScimProvisioning.Group patched = provisioning.patchGroup(account, by, id, ifMatch, ScimRequests.object(body));
            if (uri.getQueryParameters().getFirst("attributes") == null) {
                return Response.noContent().header("ETag", ScimProvisioning.version(patched.row().version()))
                        .header(Responses.REVISION_HEADER, patched.revision()).build();
            }
            return one(view(account, id), patched.revision());
        });
    }

    @Operation(operationId = "scimDeleteGroup", summary = "Delete a Group (204) with its memberships and role assignments")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("account") String account, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return endpoints.answer(account, authorization, "Group", "DELETE", by -> {
            long revision = provisioning.deleteGroup(account, by, id, ifMatch);
            return Response.noContent().header(Responses.REVISION_HEADER, revision).build();
        });
    }

    private ObjectNode view(String account, String id) {
        return ScimViews.group(provisioning.getGroup(account, id, ScimViews.wantsMembers(uri)), endpoints.baseUrl(account));
    }

    private Response one(ObjectNode group, long revision) {
        return ScimEndpoints.status(200, ScimViews.trimmed(ScimSchemas.GROUPS, uri, group), null, group.path("meta").path("version").asText(),
                revision);
    }
}
