package dev.rolegate.console.web;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.RoleSearch;
import dev.rolegate.access.RoleService;
import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.GroupSearch;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's groups screens (issue 14): the groups of the account ({@code GET /v1/.../groups}),
 * and one group with its members and the roles assigned to it, where an admin adds and removes
 * members ({@code PUT}/{@code DELETE .../groups/{g}/members/{u}}) and assigns and revokes roles
 * ({@code PUT}/{@code DELETE .../groups/{g}/roles/{r}}, source {@code manual}; a role that SAML or
 * LDAP brought is shown but only its source removes it). Each write is the session admin's, with
 * the admin's own permissions as the ceiling (403 {@code forbidden}); a refusal re-renders the
 * group with the error under the form that caused it and writes nothing.
 */
@Path("/console/{account}")
public class GroupPages {

    /** The permissions that change memberships and assignments; without them the group is read-only. */
    static final String WRITE_GROUPS = "rbac.groups.write";
    static final String WRITE_ASSIGNMENTS = "rbac.assignments.write";

    /** How many members and roles a group page shows. */
    static final int SHOWN = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance groups(List<GroupResponse> groups, long total, String q, boolean mayChange,
                                              NewGroup form, FormErrors errors);

        static native TemplateInstance group(GroupResponse group, Page<MemberResponse> members, Page<AssignmentResponse> roles,
                                             List<String> assignable, boolean mayChangeMembers, boolean mayAssign,
                                             String form, FormErrors errors, String saved);
    }

    /** The new-group form as typed. */
    public record NewGroup(String id, String displayName) {
    }

    @Inject
    DirectoryService directory;

    @Inject
    AssignmentService assignments;

    @Inject
    RoleService roles;

    @Inject
    AdminGuard guard;

    /** The groups, by id, filtered by a prefix {@code q} of the id or display name. */
    @GET
    @Path("groups")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.list")
    public TemplateInstance list(@PathParam("account") String account, @QueryParam("q") String q) {
        return listPage(account, q, new NewGroup("", ""), FormErrors.NONE);
    }

    /** Creates a local group, then sends the browser to it ({@code HX-Redirect}); an id in use is refused at {@code id}. */
    @POST
    @Path("groups")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.put")
    public Response create(@PathParam("account") String account, @RestForm String id, @RestForm String displayName) {
        NewGroup sent = new NewGroup(id == null ? "" : id.strip(), displayName == null ? "" : displayName);
        try {
            String group = Inputs.userId("/id", sent.id());
            String name = Inputs.text("/displayName", sent.displayName().isBlank() ? null : sent.displayName());
            if (exists(() -> directory.getGroup(account, group), "group_not_found")) {
                throw ProblemException.invalid("/id", "a group with the id " + group + " exists already");
            }
            directory.putGroup(account, group, name, null);
            return Response.ok().header("HX-Redirect", "/console/" + account + "/groups/" + group).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            return Response.status(errors.status()).entity(listPage(account, null, sent, errors)).build();
        }
    }

    /** One group: its members and its roles, with the forms to change them. */
    @GET
    @Path("groups/{group}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.get")
    public TemplateInstance show(@PathParam("account") String account, @PathParam("group") String group) {
        return groupPage(account, Inputs.userId("#group", group), null, FormErrors.NONE, null);
    }

    /** Adds the user of form field {@code user} to the group. */
    @POST
    @Path("groups/{group}/members")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.members.put")
    public Response addMember(@PathParam("account") String account, @PathParam("group") String group, @RestForm String user) {
        String g = Inputs.userId("#group", group);
        return write(account, g, "member", () -> {
            String u = Inputs.userId("/user", user == null ? "" : user.strip());
            var written = directory.addMember(account, g, u, held(account));
            return (written.created() ? "Added " : "Kept ") + u + (written.created() ? " to the group." : ": already a member.");
        });
    }

    /** Removes a member. */
    @DELETE
    @Path("groups/{group}/members/{user}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.members.delete")
    public Response removeMember(@PathParam("account") String account, @PathParam("group") String group,
                                 @PathParam("user") String user) {
        String g = Inputs.userId("#group", group);
        return write(account, g, "members", () -> {
            String u = Inputs.userId("#user", user);
            directory.removeMember(account, g, u, held(account));
            return "Removed " + u + " from the group.";
        });
    }

    /** Assigns the role of form field {@code role} to the group (source {@code manual}). */
    @POST
    @Path("groups/{group}/roles")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.roles.put")
    public Response assign(@PathParam("account") String account, @PathParam("group") String group, @RestForm String role) {
        String g = Inputs.userId("#group", group);
        return write(account, g, "role", () -> {
            String r = Inputs.name("/role", role == null ? "" : role.strip());
            var written = assignments.assign(account, AssigneeKind.GROUP, g, r, AssignmentSource.MANUAL, null, null, held(account));
            return (written.created() ? "Assigned role " : "Kept role ") + r + " for every member of the group.";
        });
    }

    /** Revokes the group's manual assignment of a role. */
    @DELETE
    @Path("groups/{group}/roles/{role}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.groups.roles.delete")
    public Response revoke(@PathParam("account") String account, @PathParam("group") String group, @PathParam("role") String role) {
        String g = Inputs.userId("#group", group);
        return write(account, g, "roles", () -> {
            String r = Inputs.name("#role", role);
            assignments.revokeManaged(account, AssigneeKind.GROUP, g, r, held(account));
            return "Revoked role " + r + " from the group.";
        });
    }

    /** Runs a write; the group re-rendered with its notice, or with the refusal under {@code form}. */
    private Response write(String account, String group, String form, Supplier<String> change) {
        directory.getGroup(account, group);
        try {
            return Response.ok(groupPage(account, group, null, FormErrors.NONE, change.get())).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            return Response.status(errors.status()).entity(groupPage(account, group, form, errors, null)).build();
        }
    }

    private TemplateInstance listPage(String account, String q, NewGroup form, FormErrors errors) {
        Page<GroupResponse> page = directory.listGroups(account, new GroupSearch(Inputs.searchPrefix("#q", blankToNull(q)), null),
                null, Page.MAX_LIMIT);
        return Templates.groups(page.items(), page.total() == null ? page.items().size() : page.total(), q == null ? "" : q,
                held(account).contains(WRITE_GROUPS), form, errors);
    }

    private TemplateInstance groupPage(String account, String group, String form, FormErrors errors, String saved) {
        GroupResponse g = directory.getGroup(account, group);
        Page<MemberResponse> members = directory.listMembers(account, group, null, SHOWN);
        Page<AssignmentResponse> assigned = assignments.listAssignments(account, AssigneeKind.GROUP, group, null, SHOWN);
        Set<String> holds = held(account);
        List<String> assignable = roles.listRoles(account, new RoleSearch(null, null), null, Page.MAX_LIMIT).items().stream()
                .map(RoleResponse::id).filter(r -> assigned.items().stream().noneMatch(a -> a.id().equals(r)
                        && a.source().equals("manual"))).toList();
        return Templates.group(g, members, assigned, assignable, holds.contains(WRITE_GROUPS), holds.contains(WRITE_ASSIGNMENTS),
                form, errors, saved);
    }

    private Set<String> held(String account) {
        return guard.heldPermissions(account, guard.caller());
    }

    private static boolean exists(Supplier<?> read, String notFound) {
        try {
            read.get();
            return true;
        } catch (ProblemException e) {
            if (notFound.equals(e.problem().code())) {
                return false;
            }
            throw e;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
