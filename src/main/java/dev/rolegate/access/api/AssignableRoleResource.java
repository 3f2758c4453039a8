package dev.rolegate.access.api;

import dev.rolegate.access.AssignableRoles;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.Names;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The settings page's assign dialog (issue 13 item 1):
 * {@code GET /v1/accounts/{a}/assignable-roles?subject=&kind=user|group&q=&limit=&after=}, see
 * {@link AssignableRoles}. 400 for a missing or bad {@code subject}, a {@code kind} other than
 * {@code user}/{@code group} ({@code #kind}), a {@code q} longer than a name, a bad {@code limit};
 * 404 {@code user_not_found} / {@code group_not_found}.
 */
@Path("/v1/accounts/{account}/assignable-roles")
public class AssignableRoleResource {

    @Inject
    AdminGuard guard;

    @Inject
    AssignableRoles assignable;

    @Operation(operationId = "listAssignableRoles",
            summary = "List the roles the calling admin may assign to a user or group, and why the others are excluded")
    @GET
    @AdminOperation("rbac.assignable_roles.list")
    public AssignableRolesResponse list(@PathParam("account") String account, @QueryParam("subject") String subject,
                                        @QueryParam("kind") String kind, @QueryParam("q") String q,
                                        @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        if (subject == null) {
            throw ProblemException.invalid("#subject", "subject (a user or group id) is required");
        }
        AssigneeKind assignee = kind(kind);
        if (q != null && q.length() > Names.MAX_NAME_LENGTH) {
            throw ProblemException.invalid("#q", "q (a prefix of role ids) is at most " + Names.MAX_NAME_LENGTH + " characters");
        }
        return assignable.list(account, guard.caller(), assignee, Inputs.userId("#subject", subject), q,
                after == null ? null : Inputs.name("#after", after), Page.limit(limit));
    }

    /** {@code user} (the default) or {@code group}. */
    private static AssigneeKind kind(String kind) {
        if (kind == null || kind.equals("user")) {
            return AssigneeKind.USER;
        }
        if (kind.equals("group")) {
            return AssigneeKind.GROUP;
        }
        throw ProblemException.invalid("#kind", "kind must be \"user\" or \"group\", got " + Inputs.quote(kind));
    }
}
