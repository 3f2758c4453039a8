package dev.rolegate.scim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.platform.Responses;
import dev.rolegate.scim.ScimFailure;
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
 * SCIM 2.0 Users of one account (RFC 7644 §3.3-§3.6): {@code /scim/v2/{account}/Users}. Auth is
 * the account's SCIM bearer token; answers are {@code application/scim+json}; requests may be
 * {@code application/scim+json} or {@code application/json}.
 */
@Path("/scim/v2/{account}/Users")
@Produces({ScimSchemas.MEDIA_TYPE, "application/json"})
@Consumes({ScimSchemas.MEDIA_TYPE, "application/json"})
@Tag(name = "SCIM", description = "SCIM 2.0 service provider per account (RFC 7643, RFC 7644); docs/scim.md")
public class ScimUserResource {

    @Inject
    ScimEndpoints endpoints;

    @Inject
    ScimProvisioning provisioning;

    @Context
    UriInfo uri;

    @Operation(operationId = "scimListUsers", summary = "List or filter Users (filter, startIndex, count, attributes, excludedAttributes)")
    @GET
    public Response list(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @QueryParam("filter") String filter, @QueryParam("startIndex") String startIndex,
                         @QueryParam("count") String count) {
        return endpoints.answer(account, authorization, "User", "GET", by -> {
            int start = Paging.startIndex(startIndex);
            Map.Entry<Long, List<ScimProvisioning.User>> page = provisioning.listUsers(account, filter, start, Paging.count(count));
            String base = endpoints.baseUrl(account);
            return ScimViews.list(page.getKey(), start, page.getValue().stream()
                    .map(u -> ScimViews.trimmed(ScimSchemas.USERS, uri, ScimViews.user(u, base))).toList());
        });
    }

    @Operation(operationId = "scimCreateUser", summary = "Create a User (201; 409 uniqueness when the userName is taken)")
    @POST
    public Response create(@PathParam("account") String account, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           String body) {
        return endpoints.answer(account, authorization, "User", "POST", by -> {
            return one(201, provisioning.createUser(account, by, ScimRequests.object(body)), account);
        });
    }

    @Operation(operationId = "scimGetUser", summary = "Read a User (also when inactive)")
    @GET
    @Path("{id}")
    public Response get(@PathParam("account") String account, @PathParam("id") String id,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return endpoints.answer(account, authorization, "User", "GET",
                by -> one(200, provisioning.getUser(account, id), account));
    }

    @Operation(operationId = "scimReplaceUser", summary = "Replace a User's attributes")
    @PUT
    @Path("{id}")
    public Response replace(@PathParam("account") String account, @PathParam("id") String id,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return endpoints.answer(account, authorization, "User", "PUT",
                by -> one(200, provisioning.replaceUser(account, by, id, ifMatch, ScimRequests.object(body)), account));
    }

    @Operation(operationId = "scimPatchUser", summary = "Modify a User with PATCH operations (RFC 7644 §3.5.2; Entra ID's dialect too)")
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("account") String account, @PathParam("id") String id,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return endpoints.answer(account, authorization, "User", "PATCH",
                by -> one(200, provisioning.patchUser(account, by, id, ifMatch, ScimRequests.object(body)), account));
    }

    @Operation(operationId = "scimDeleteUser", summary = "Delete a User (204); a linked user stays, unlinked")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("account") String account, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return endpoints.answer(account, authorization, "User", "DELETE", by -> {
            long revision = provisioning.deleteUser(account, by, id, ifMatch);
            return Response.noContent().header(Responses.REVISION_HEADER, revision).build();
        });
    }

    private Response one(int status, ScimProvisioning.User user, String account) {
        ObjectNode view = ScimViews.user(user, endpoints.baseUrl(account));
        return ScimEndpoints.status(status, ScimViews.trimmed(ScimSchemas.USERS, uri, view),
                status == 201 ? view.path("meta").path("location").asText() : null, view.path("meta").path("version").asText(),
                user.revision());
    }

    /** {@code startIndex} and {@code count} (RFC 7644 §3.4.2.4). */
    static final class Paging {
        private Paging() {
        }

        /** 1-based; below 1 is taken as 1. */
        static int startIndex(String value) {
            return Math.max(1, number("startIndex", value, 1));
        }

        /** 0 to {@value ScimSchemas#MAX_RESULTS}; default 100; negative is taken as 0, above the maximum as the maximum. */
        static int count(String value) {
            return Math.min(ScimSchemas.MAX_RESULTS, Math.max(0, number("count", value, 100)));
        }

        private static int number(String name, String value, int absent) {
            if (value == null || value.isBlank()) {
                return absent;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw ScimFailure.invalidValue(name + " must be an integer, got '" + value + "'");
            }
        }
    }
}
