package dev.rolegate.access.api;

import dev.rolegate.access.RoleSearch;
import dev.rolegate.access.RoleService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Roles of an account (admin). */
@Path("/v1/accounts/{account}/roles")
public class RoleResource {

    @Inject
    AdminGuard guard;

    @Inject
    RoleService roles;

    /**
     * The roles, by name, keyset-paged, with the {@code total} of the search. Filters, optional and
     * ANDed: {@code q} a case-insensitive prefix of the name or description; {@code permission}
     * the role grants it (by name or wildcard, itself or through inheritance). 400
     * {@code invalid_request} on a malformed value.
     */
    @Operation(operationId = "listRoles", summary = "List and search the roles of an account")
    @GET
    @AdminOperation("rbac.roles.list")
    public Page<RoleResponse> list(@PathParam("account") String account,
                                   @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                                   @QueryParam("q") String q, @QueryParam("permission") String permission) {
        return roles.listRoles(account, new RoleSearch(Inputs.searchPrefix("#q", q), Inputs.optionalName("#permission", permission)),
                after, Page.limit(limit));
    }

    /**
     * Every user and group that holds the role, and how: {@code {"items":[{"kind","id","via"?,
     * "source","validFrom"?,"expiresAt"?}],"next","total"}}, ordered by kind ({@code group} before
     * {@code user}), id, group and source; {@code next} is an opaque cursor. A user holding the role
     * directly and through a group appears once for each. 404 {@code role_not_found}; 400
     * {@code invalid_request} for a cursor this list did not hand out.
     */
    @Operation(operationId = "listRoleMembers", summary = "List the users and groups holding a role, directly and through groups")
    @GET
    @Path("{role}/members")
    @AdminOperation("rbac.roles.members.list")
    public Page<RoleMemberResponse> members(@PathParam("account") String account, @PathParam("role") String role,
                                            @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return roles.members(account, Inputs.name("#role", role), after, Page.limit(limit));
    }

    @Operation(operationId = "getRole", summary = "Read one role")
    @GET
    @Path("{role}")
    @AdminOperation("rbac.roles.get")
    public Response get(@PathParam("account") String account, @PathParam("role") String role) {
        return Responses.tagged(roles.getRole(account, Inputs.name("#role", role)));
    }

    @Operation(operationId = "putRole", summary = "Create or replace a role")
    @PUT
    @Path("{role}")
    @AdminOperation("rbac.roles.put")
    public Response put(@PathParam("account") String account, @PathParam("role") String role,
                        @HeaderParam("If-Match") String ifMatch, @Valid RoleRequest body) {
        Caller caller = guard.caller();
        Inputs.name("#role", role);
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body {\"description\",\"permissions\",\"inherits\"} is required");
        }
        return Responses.writtenWithETag(roles.putRole(account, role,
                Inputs.text("/description", body.description()),
                Inputs.names("/permissions", body.permissions(), true),
                Inputs.names("/inherits", body.inherits(), false), ifMatch, guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "deleteRole", summary = "Delete a role")
    @DELETE
    @Path("{role}")
    @AdminOperation("rbac.roles.delete")
    public Response delete(@PathParam("account") String account, @PathParam("role") String role,
                           @QueryParam("cascade") Boolean cascade, @HeaderParam("If-Match") String ifMatch) {
        Caller caller = guard.caller();
        return Responses.deleted(roles.deleteRole(account, Inputs.name("#role", role), Boolean.TRUE.equals(cascade), ifMatch,
                guard.heldPermissions(account, caller)));
    }
}
