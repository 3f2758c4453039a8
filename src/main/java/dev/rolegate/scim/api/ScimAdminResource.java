package dev.rolegate.scim.api;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.scim.ScimSettingsService;
import dev.rolegate.scim.ScimTokens;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The admin side of an account's SCIM 2.0 provisioning (issue 15 items 2 and 3): its bearer
 * tokens and its settings. Authorized by {@code rbac.directory.write} (SCIM is a directory
 * source, as LDAP is); reading the settings needs it too, as for LDAP. {@code docs/scim.md}.
 */
@Path("/v1/accounts/{account}/scim")
public class ScimAdminResource {

    @Inject
    AdminGuard guard;

    @Inject
    ScimTokens tokens;

    @Inject
    ScimSettingsService settings;

    /**
     * → 200 {@code {"baseUrl","groupRoles":{group:[role...]},"defaultRoles":[role...],"linkExistingUsers","activeTokens"}}
     * (empty mappings and {@code false} until set).
     */
    @Operation(operationId = "getScimSettings", summary = "Read the account's SCIM base URL, group → role mappings, default roles and linking setting")
    @GET
    @AdminOperation("rbac.scim.read")
    public ScimSettingsResponse get(@PathParam("account") String account) {
        return settings.get(account);
    }

    /**
     * {@code {"groupRoles"?,"defaultRoles"?,"linkExistingUsers"?}} → 200 (201 the first time) with the
     * settings as {@link #get} shows them and the new revision in {@code Rolegate-Revision}.
     *
     * @throws ProblemException 400 {@code invalid_request} (see {@link ScimSettingsService#validate});
     *         422 {@code unknown_role}; 403 {@code forbidden} for a role whose permissions the admin lacks
     */
    @Operation(operationId = "putScimSettings", summary = "Set the account's SCIM group → role mappings, default roles and linking of existing users")
    @PUT
    @AdminOperation("rbac.scim.put")
    public Response put(@PathParam("account") String account, ScimSettingsRequest body) {
        Caller caller = guard.caller();
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body is required: {\"groupRoles\":{...},\"defaultRoles\":[...],\"linkExistingUsers\":false}");
        }
        return Responses.written(settings.put(account, ScimSettingsService.validate(body), guard.heldPermissions(account, caller)));
    }

    /**
     * → 201 {@code {"id","token","createdAt"}}, {@code Location} naming the token; the token is shown
     * this once.
     *
     * @throws ProblemException 409 {@code scim_token_limit} when the account has two tokens already
     */
    @Operation(operationId = "createScimToken", summary = "Create a SCIM bearer token for the IdP (shown once; at most two at a time, to rotate)")
    @APIResponse(responseCode = "201", description = "The token, shown this once",
            headers = @Header(name = "Location", description = "The token: .../scim/tokens/{id}"),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScimTokenCreated.class)))
    @POST
    @Path("tokens")
    @AdminOperation("rbac.scim.tokens.create")
    public Response createToken(@PathParam("account") String account) {
        ScimTokenCreated created = tokens.create(account);
        return Response.created(URI.create("/v1/accounts/" + account + "/scim/tokens/" + created.id())).entity(created).build();
    }

    /** → 200 {@code {"items":[{"id","createdAt","lastUsedAt"}]}}, oldest first; never a secret. */
    @Operation(operationId = "listScimTokens", summary = "List the account's SCIM tokens (ids and times; never the token)")
    @GET
    @Path("tokens")
    @AdminOperation("rbac.scim.tokens.read")
    public Map<String, List<ScimTokenResponse>> listTokens(@PathParam("account") String account) {
        return Map.of("items", tokens.list(account));
    }

    /**
     * → 204: the token is refused from now on, on every replica.
     *
     * @throws ProblemException 404 {@code scim_token_not_found}
     */
    @Operation(operationId = "revokeScimToken", summary = "Revoke a SCIM token at once")
    @APIResponse(responseCode = "204", description = "Revoked")
    @DELETE
    @Path("tokens/{tokenId}")
    @AdminOperation("rbac.scim.tokens.revoke")
    public Response revokeToken(@PathParam("account") String account, @PathParam("tokenId") String tokenId) {
        tokens.revoke(account, tokenId);
        return Response.noContent().build();
    }
}
