package dev.rolegate.directory.api;

import dev.rolegate.access.AssignmentService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.access.api.AssignmentRequest;
import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.GroupSearch;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Responses;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Groups of an account, their members and their role assignments (admin). */
@Path("/v1/accounts/{account}/groups")
public class GroupResource {

    @Inject
    AdminGuard guard;

    @Inject
    DirectoryService directory;

    @Inject
    AssignmentService assignments;

    /**
     * The groups, by id, keyset-paged, with the {@code total} of the search. Filters, optional and
     * ANDed: {@code q} a case-insensitive prefix of the id or display name; {@code role} the group
     * is assigned that role. 400 {@code invalid_request} on a malformed value.
     */
    @Operation(operationId = "listGroups", summary = "List and search the groups of an account")
    @GET
    @AdminOperation("rbac.groups.list")
    public Page<GroupResponse> list(@PathParam("account") String account,
                                    @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                                    @QueryParam("q") String q, @QueryParam("role") String role) {
        return directory.listGroups(account, new GroupSearch(Inputs.searchPrefix("#q", q), Inputs.optionalName("#role", role)),
                after, Page.limit(limit));
    }

    @Operation(operationId = "getGroup", summary = "Read one group")
    @GET
    @Path("{group}")
    @AdminOperation("rbac.groups.get")
    public Response get(@PathParam("account") String account, @PathParam("group") String group) {
        return Responses.tagged(directory.getGroup(account, Inputs.userId("#group", group)));
    }

    @Operation(operationId = "putGroup", summary = "Create or replace a group")
    @PUT
    @Path("{group}")
    @AdminOperation("rbac.groups.put")
    public Response put(@PathParam("account") String account, @PathParam("group") String group,
                        @HeaderParam("If-Match") String ifMatch, GroupRequest body) {
        Inputs.userId("#group", group);
        return Responses.writtenWithETag(directory.putGroup(account, group,
                Inputs.text("/displayName", body == null ? null : body.displayName()), ifMatch));
    }

    @Operation(operationId = "deleteGroup", summary = "Delete a group")
    @DELETE
    @Path("{group}")
    @AdminOperation("rbac.groups.delete")
    public Response delete(@PathParam("account") String account, @PathParam("group") String group,
                           @HeaderParam("If-Match") String ifMatch) {
        Caller caller = guard.caller();
        return Responses.deleted(directory.deleteGroup(account, Inputs.userId("#group", group), ifMatch,
                guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "listGroupMembers", summary = "List the members of a group")
    @GET
    @Path("{group}/members")
    @AdminOperation("rbac.groups.members.list")
    public Page<MemberResponse> members(@PathParam("account") String account, @PathParam("group") String group,
                                        @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return directory.listMembers(account, Inputs.userId("#group", group), after, Page.limit(limit));
    }

    @Operation(operationId = "getGroupMember", summary = "Read one membership")
    @GET
    @Path("{group}/members/{user}")
    @AdminOperation("rbac.groups.members.get")
    public MemberResponse member(@PathParam("account") String account, @PathParam("group") String group,
                                 @PathParam("user") String user) {
        return directory.getMember(account, Inputs.userId("#group", group), Inputs.userId("#user", user));
    }

    @Operation(operationId = "addGroupMember", summary = "Add a user to a group")
    @PUT
    @Path("{group}/members/{user}")
    @AdminOperation("rbac.groups.members.put")
    public Response addMember(@PathParam("account") String account, @PathParam("group") String group,
                              @PathParam("user") String user) {
        Caller caller = guard.caller();
        return Responses.written(directory.addMember(account, Inputs.userId("#group", group), Inputs.userId("#user", user),
                guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "removeGroupMember", summary = "Remove a user from a group")
    @DELETE
    @Path("{group}/members/{user}")
    @AdminOperation("rbac.groups.members.delete")
    public Response removeMember(@PathParam("account") String account, @PathParam("group") String group,
                                 @PathParam("user") String user) {
        Caller caller = guard.caller();
        return Responses.deleted(directory.removeMember(account, Inputs.userId("#group", group), Inputs.userId("#user", user),
                guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "listGroupRoles", summary = "List the roles assigned to a group")
    @GET
    @Path("{group}/roles")
    @AdminOperation("rbac.groups.roles.list")
    public Page<AssignmentResponse> roles(@PathParam("account") String account, @PathParam("group") String group,
                                          @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return assignments.listAssignments(account, AssigneeKind.GROUP, Inputs.userId("#group", group), after, Page.limit(limit));
    }

    @Operation(operationId = "getGroupRole", summary = "Read one role assignment of a group")
    @GET
    @Path("{group}/roles/{role}")
    @AdminOperation("rbac.groups.roles.get")
    public AssignmentResponse role(@PathParam("account") String account, @PathParam("group") String group,
                                   @PathParam("role") String role) {
        return assignments.getAssignment(account, AssigneeKind.GROUP, Inputs.userId("#group", group), Inputs.name("#role", role));
    }

    @Operation(operationId = "assignGroupRole", summary = "Assign a role to a group")
    @PUT
    @Path("{group}/roles/{role}")
    @AdminOperation("rbac.groups.roles.put")
    public Response assign(@PathParam("account") String account, @PathParam("group") String group,
                           @PathParam("role") String role, @HeaderParam("If-None-Match") String ifNoneMatch,
                           AssignmentRequest body) {
        Caller caller = guard.caller();
        AssignmentRequest b = body == null ? new AssignmentRequest(null, null) : body;
        return Responses.written(assignments.assign(account, AssigneeKind.GROUP, Inputs.userId("#group", group), Inputs.name("#role", role),
                AssignmentSource.MANUAL,
                Inputs.time("/validFrom", b.validFrom()), Inputs.time("/expiresAt", b.expiresAt()),
                guard.heldPermissions(account, caller), Inputs.createOnly(ifNoneMatch)));
    }

    @Operation(operationId = "revokeGroupRole", summary = "Revoke a role from a group")
    @DELETE
    @Path("{group}/roles/{role}")
    @AdminOperation("rbac.groups.roles.delete")
    public Response revoke(@PathParam("account") String account, @PathParam("group") String group,
                           @PathParam("role") String role) {
        Caller caller = guard.caller();
        return Responses.deleted(assignments.revokeManaged(account, AssigneeKind.GROUP, Inputs.userId("#group", group), Inputs.name("#role", role),
                guard.heldPermissions(account, caller)));
    }
}
