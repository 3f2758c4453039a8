package dev.rolegate.access.api;

import dev.rolegate.access.PermissionService;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The permission catalog of an account (admin). */
@Path("/v1/accounts/{account}/permissions")
public class PermissionResource {

    @Inject
    AdminGuard guard;

    @Inject
    PermissionService permissions;

    @Operation(operationId = "listPermissions", summary = "List the permissions of an account")
    @GET
    @AdminOperation("rbac.permissions.list")
    public Page<PermissionResponse> list(@PathParam("account") String account,
                                         @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return permissions.listPermissions(account, after, Page.limit(limit));
    }

    @Operation(operationId = "getPermission", summary = "Read one permission")
    @GET
    @Path("{permission}")
    @AdminOperation("rbac.permissions.get")
    public PermissionResponse get(@PathParam("account") String account, @PathParam("permission") String permission) {
        return permissions.getPermission(account, Inputs.name("#permission", permission));
    }

    @Operation(operationId = "putPermission", summary = "Create or replace a permission")
    @PUT
    @Path("{permission}")
    @AdminOperation("rbac.permissions.put")
    public Response put(@PathParam("account") String account, @PathParam("permission") String permission,
                        @Valid PermissionRequest body) {
        Caller caller = guard.caller();
        Inputs.name("#permission", permission);
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body {\"description\",\"operations\"} is required");
        }
        return Responses.written(permissions.putPermission(account, permission,
                Inputs.text("/description", body.description()),
                Inputs.names("/operations", body.operations(), false), guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "deletePermission", summary = "Delete a permission")
    @DELETE
    @Path("{permission}")
    @AdminOperation("rbac.permissions.delete")
    public Response delete(@PathParam("account") String account, @PathParam("permission") String permission) {
        Caller caller = guard.caller();
        return Responses.deleted(permissions.deletePermission(account, Inputs.name("#permission", permission),
                guard.heldPermissions(account, caller)));
    }
}
