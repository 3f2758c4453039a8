package dev.rolegate.directory.api;

import dev.rolegate.access.AssignmentFixes;
import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.api.FixesResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.access.api.AssignmentRequest;
import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.check.CheckService;
import dev.rolegate.check.api.AccessPathsResponse;
import dev.rolegate.check.api.Answers;
import dev.rolegate.check.api.EffectiveAccessResponse;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.RestResponse;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.UserSearch;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import dev.rolegate.token.CheckOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Users of an account and their role assignments (admin), and "what may this user do"
 * ({@code GET .../users/{user}/permissions}, open to check tokens too).
 */
@Path("/v1/accounts/{account}/users")
public class UserResource {

    @Inject
    AdminGuard guard;

    @Inject
    DirectoryService directory;

    @Inject
    AssignmentService assignments;

    @Inject
    CheckService checks;

    @Inject
    AssignmentFixes fixes;

    @Inject
    java.time.Clock clock;

    /**
     * The users, by id, keyset-paged ({@code ?after=} the last id of the previous page), with the
     * {@code total} of the search. Filters, all optional and ANDed: {@code q} a case-insensitive
     * prefix of the id, email or display name; {@code role} holds that role directly or through a
     * group; {@code group} a member of that group; {@code source} {@code local|saml|ldap};
     * {@code status} {@code active|disabled}. 400 {@code invalid_request} on a malformed value.
     */
    @Operation(operationId = "listUsers", summary = "List and search the users of an account")
    @GET
    @AdminOperation("rbac.users.list")
    public Page<UserResponse> list(@PathParam("account") String account,
                                   @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                                   @QueryParam("q") String q, @QueryParam("role") String role,
                                   @QueryParam("group") String group, @QueryParam("source") String source,
                                   @QueryParam("status") String status) {
        UserSearch search = new UserSearch(Inputs.searchPrefix("#q", q), Inputs.optionalName("#role", role),
                Inputs.optionalUserId("#group", group), Inputs.oneOf("#source", source, "local", "saml", "ldap", "scim"),
                Inputs.oneOf("#status", status, "active", "disabled"));
        return directory.listUsers(account, search, after, Page.limit(limit));
    }

    @Operation(operationId = "getUser", summary = "Read one user")
    @GET
    @Path("{user}")
    @AdminOperation("rbac.users.get")
    public Response get(@PathParam("account") String account, @PathParam("user") String user) {
        return Responses.tagged(directory.getUser(account, Inputs.userId("#user", user)));
    }

    @Operation(operationId = "putUser", summary = "Create or replace a user")
    @PUT
    @Path("{user}")
    @AdminOperation("rbac.users.put")
    public Response put(@PathParam("account") String account, @PathParam("user") String user,
                        @HeaderParam("If-Match") String ifMatch, UserRequest body) {
        Caller caller = guard.caller();
        Inputs.userId("#user", user);
        UserRequest b = body == null ? new UserRequest(null, null, null) : body;
        if (b.status() != null && !b.status().equals("active") && !b.status().equals("disabled")) {
            throw ProblemException.invalid("/status", "status must be \"active\" or \"disabled\"");
        }
        return Responses.writtenWithETag(directory.putUser(account, user, Inputs.email("/email", b.email()),
                Inputs.text("/displayName", b.displayName()), b.status(), ifMatch, guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "deleteUser", summary = "Delete a user")
    @DELETE
    @Path("{user}")
    @AdminOperation("rbac.users.delete")
    public Response delete(@PathParam("account") String account, @PathParam("user") String user,
                           @HeaderParam("If-Match") String ifMatch) {
        Caller caller = guard.caller();
        return Responses.deleted(directory.deleteUser(account, Inputs.userId("#user", user), ifMatch,
                guard.heldPermissions(account, caller)));
    }

    @Operation(operationId = "listUserRoles", summary = "List the roles assigned to a user")
    @GET
    @Path("{user}/roles")
    @AdminOperation("rbac.users.roles.list")
    public Page<AssignmentResponse> roles(@PathParam("account") String account, @PathParam("user") String user,
                                          @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return assignments.listAssignments(account, AssigneeKind.USER, Inputs.userId("#user", user), after, Page.limit(limit));
    }

    @Operation(operationId = "getUserRole", summary = "Read one role assignment of a user")
    @GET
    @Path("{user}/roles/{role}")
    @AdminOperation("rbac.users.roles.get")
    public AssignmentResponse role(@PathParam("account") String account, @PathParam("user") String user,
                                   @PathParam("role") String role) {
        return assignments.getAssignment(account, AssigneeKind.USER, Inputs.userId("#user", user), Inputs.name("#role", role));
    }

    @Operation(operationId = "assignUserRole", summary = "Assign a role to a user")
    @PUT
    @Path("{user}/roles/{role}")
    @AdminOperation("rbac.users.roles.put")
    public Response assign(@PathParam("account") String account, @PathParam("user") String user,
                           @PathParam("role") String role, @HeaderParam("If-None-Match") String ifNoneMatch,
                           AssignmentRequest body) {
        Caller caller = guard.caller();
        AssignmentRequest b = body == null ? new AssignmentRequest(null, null) : body;
        return Responses.written(assignments.assign(account, AssigneeKind.USER, Inputs.userId("#user", user), Inputs.name("#role", role),
                AssignmentSource.MANUAL,
                Inputs.time("/validFrom", b.validFrom()), Inputs.time("/expiresAt", b.expiresAt()),
                guard.heldPermissions(account, caller), Inputs.createOnly(ifNoneMatch)));
    }

    @Operation(operationId = "revokeUserRole", summary = "Revoke a role from a user")
    @DELETE
    @Path("{user}/roles/{role}")
    @AdminOperation("rbac.users.roles.delete")
    public Response revoke(@PathParam("account") String account, @PathParam("user") String user,
                           @PathParam("role") String role) {
        Caller caller = guard.caller();
        return Responses.deleted(assignments.revokeManaged(account, AssigneeKind.USER, Inputs.userId("#user", user), Inputs.name("#role", role),
                guard.heldPermissions(account, caller)));
    }

    /**
     * Break-glass: a time-boxed emergency assignment with a reason (owners, permission
     * {@code rbac.breakglass.write}); body {@code {"reason","expiresAt"?}}.
     */
    @Operation(operationId = "breakGlass", summary = "Grant a time-boxed break-glass role to a user")
    @PUT
    @Path("{user}/break-glass/{role}")
    @AdminOperation("rbac.breakglass.put")
    public Response breakGlass(@PathParam("account") String account, @PathParam("user") String user,
                               @PathParam("role") String role, BreakGlassRequest body) {
        Caller caller = guard.caller();
        BreakGlassRequest b = body == null ? new BreakGlassRequest(null, null) : body;
        return Responses.written(assignments.breakGlass(account, Inputs.userId("#user", user), Inputs.name("#role", role),
                Inputs.text("/reason", b.reason()), Inputs.time("/expiresAt", b.expiresAt()), clock.instant(),
                guard.heldPermissions(account, caller)));
    }

    /**
     * Every path of an access (issue 13 item 3): each permission the user holds now with every
     * path that brings it (direct, through each group, each inheritance step, the assignment's
     * source and validity); see {@link AccessPathsResponse}. 404 {@code user_not_found}.
     */
    @Operation(operationId = "getUserAccessPaths", summary = "List every path that brings each permission a user holds")
    @GET
    @Path("{user}/access")
    @AdminOperation("rbac.users.access.get")
    public Uni<RestResponse<AccessPathsResponse>> access(@PathParam("account") String account, @PathParam("user") String user,
                                                         @QueryParam("atLeastRevision") Long atLeastRevision) {
        return Answers.of(checks.accessPaths(account, Inputs.userId("#user", user),
                Inputs.atLeastRevision("#atLeastRevision", atLeastRevision)));
    }

    /**
     * What would fix a denial (issue 13 item 4): the smallest sets of role assignments the calling
     * admin may make that would let the user perform {@code operation}, each verified by the
     * engine; see {@link dev.rolegate.access.AssignmentFixes}. 400 without {@code operation};
     * 404 {@code user_not_found}, {@code operation_not_found}.
     */
    @Operation(operationId = "getUserFixes", summary = "List the smallest sets of role assignments that would let a user perform an operation")
    @GET
    @Path("{user}/fixes")
    @AdminOperation("rbac.users.fixes.get")
    public FixesResponse fixes(@PathParam("account") String account, @PathParam("user") String user,
                               @QueryParam("operation") String operation) {
        if (operation == null) {
            throw ProblemException.invalid("#operation", "operation (the operation to allow) is required");
        }
        return fixes.fixes(account, guard.caller(), Inputs.userId("#user", user), Inputs.name("#operation", operation));
    }

    @Operation(operationId = "getEffectivePermissions", summary = "List what a user may do (effective permissions and operations)")
    @GET
    @Path("{user}/permissions")
    @CheckOperation
    public Uni<RestResponse<EffectiveAccessResponse>> permissions(@PathParam("account") String account, @PathParam("user") String user,
                                               @QueryParam("atLeastRevision") Long atLeastRevision) {
        return Answers.of(checks.effectiveAccess(account, Inputs.userId("#user", user),
                Inputs.atLeastRevision("#atLeastRevision", atLeastRevision)));
    }
}
