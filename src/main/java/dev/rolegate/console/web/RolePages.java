package dev.rolegate.console.web;

import dev.rolegate.access.RoleSearch;
import dev.rolegate.access.RoleService;
import dev.rolegate.access.api.RoleMemberResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.account.MatrixService;
import dev.rolegate.account.api.MatrixResponse;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.change.Expectation;
import dev.rolegate.change.Expectations;
import dev.rolegate.change.api.ImpactResponse;
import dev.rolegate.platform.ETags;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.preview.PlannedWrite;
import dev.rolegate.preview.PreviewService;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's roles screens (issue 14): the list of roles with how each differs from the
 * account's template ({@code GET /v1/.../roles} and {@code /matrix}); one role with its edit form,
 * where "Preview" shows who would gain and lose which permissions and operations
 * ({@code POST /v1/.../changes/preview} with one {@code put /roles/{role}}) and "Save" writes it
 * ({@code PUT /v1/.../roles/{role}}) held to that preview: the save carries the number of users
 * the preview named, as {@code Rolegate-Expect: max-affected-users=N} would, so a save that would
 * now touch more people than the admin saw is refused with 409 {@code expectation_failed} and
 * writes nothing; it also carries the role's ETag as shown, so a role someone else changed
 * meanwhile is not overwritten (412 {@code precondition_failed}). Every write is the session admin's, with the no-escalation ceiling of the
 * admin's own permissions (403 {@code forbidden}).
 */
@Path("/console/{account}")
public class RolePages {

    /** The permission that may change roles; others see them read-only. */
    static final String WRITE = "rbac.roles.write";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance roles(List<RoleRow> roles, String q, boolean mayChange, NewRole form, FormErrors errors,
                                             String template, List<String> removedTemplateRoles);

        static native TemplateInstance role(Edit edit, MatrixResponse.Role matrix, List<PermissionGroup> catalog,
                                            List<String> otherRoles, boolean mayChange, FormErrors errors, String saved);

        static native TemplateInstance preview(String role, ImpactResponse impact, int shown);

        static native TemplateInstance members(String role, Page<RoleMemberResponse> members);
    }

    /**
     * One row of the roles list.
     *
     * @param id          the role name
     * @param description the role's description, or null
     * @param status      {@code same}, {@code changed} or {@code custom} against the template
     * @param permissions how many permissions the role carries, its own and inherited
     * @param inherits    the roles it inherits directly
     */
    public record RoleRow(String id, String description, String status, int permissions, List<String> inherits) {
    }

    /** What the new-role form holds: a name and a description, as typed. */
    public record NewRole(String name, String description) {
    }

    /**
     * What the edit form shows and sends.
     *
     * @param role        the role name
     * @param description its description ("" for none)
     * @param grants      the catalog permissions checked
     * @param wildcards   the other grants ({@code prefix.*}, {@code *}), space separated
     * @param inherits    the roles checked as inherited
     * @param etag        the role's ETag when the form was shown, sent back as the save's {@code If-Match}
     *                    (a role changed by someone else meanwhile is not overwritten: 412)
     */
    public record Edit(String role, String description, Set<String> grants, String wildcards, Set<String> inherits,
                       String etag) {
        static Edit of(RoleResponse r) {
            return new Edit(r.id(), r.description() == null ? "" : r.description(),
                    Set.copyOf(r.permissions().stream().filter(p -> !p.endsWith("*")).toList()),
                    String.join(" ", r.permissions().stream().filter(p -> p.endsWith("*")).toList()), Set.copyOf(r.inherits()),
                    ETags.of(r));
        }

        /** The grants the role would have: the checked permissions, then the wildcards. */
        List<String> allGrants() {
            List<String> all = new ArrayList<>(grants.stream().sorted().toList());
            all.addAll(words(wildcards));
            return all;
        }

        public boolean grants(String permission) {
            return grants.contains(permission);
        }

        /** The wildcard among the grants that covers {@code permission} ({@code report.*}, {@code *}), or null. */
        public String wildcardFor(String permission) {
            return words(wildcards).stream()
                    .filter(w -> w.equals("*") || (w.endsWith(".*") && permission.startsWith(w.substring(0, w.length() - 1))))
                    .findFirst().orElse(null);
        }

        public boolean inherits(String role) {
            return inherits.contains(role);
        }
    }

    /**
     * A group of the catalog by the name's first segment ({@code report} for {@code report.view}), for the form's fieldsets.
     *
     * @param prefix      the first segment
     * @param permissions its permissions, sorted, each with its operations
     */
    public record PermissionGroup(String prefix, List<MatrixResponse.Permission> permissions) {
        static List<PermissionGroup> of(List<MatrixResponse.Permission> catalog) {
            Map<String, List<MatrixResponse.Permission>> by = new LinkedHashMap<>();
            catalog.stream().sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(p -> by.computeIfAbsent(prefixOf(p.name()), k -> new ArrayList<>()).add(p));
            return by.entrySet().stream().map(e -> new PermissionGroup(e.getKey(), e.getValue())).toList();
        }
    }

    @Inject
    RoleService roles;

    @Inject
    MatrixService matrices;

    @Inject
    PreviewService previews;

    @Inject
    AdminGuard guard;

    @Inject
    RoutingContext routing;

    /** The roles, filtered by a name prefix {@code q}, with their state against the template. */
    @GET
    @Path("roles")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.roles.list")
    public TemplateInstance list(@PathParam("account") String account, @QueryParam("q") String q) {
        return listPage(account, q, new NewRole("", ""), FormErrors.NONE);
    }

    /**
     * Creates a custom role with a name and a description and no grants yet, then sends the browser
     * to its page ({@code HX-Redirect}). A name already taken is refused at {@code name} (400), as
     * is a malformed one; nothing is written then.
     */
    @POST
    @Path("roles")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.roles.put")
    public Response create(@PathParam("account") String account, @RestForm String name, @RestForm String description) {
        NewRole sent = new NewRole(name == null ? "" : name.strip(), description == null ? "" : description);
        try {
            String role = Inputs.name("/name", sent.name());
            if (exists(account, role)) {
                throw ProblemException.invalid("/name", "a role named " + role + " exists already; open it from the list to change it");
            }
            roles.putRole(account, role, Inputs.text("/description", blankToNull(sent.description())), List.of(), List.of(), null,
                    held(account));
            return Response.ok().header("HX-Redirect", "/console/" + account + "/roles/" + role).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            return Response.status(errors.status()).entity(listPage(account, null, sent, errors)).build();
        }
    }

    /** One role: its grants and inheritance, what it carries, its difference to the template, and the edit form. */
    @GET
    @Path("roles/{role}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.roles.get")
    public TemplateInstance show(@PathParam("account") String account, @PathParam("role") String role) {
        RoleResponse current = roles.getRole(account, Inputs.name("#role", role));
        return rolePage(account, Edit.of(current), FormErrors.NONE, null);
    }

    /**
     * Who holds the role, a fragment the role page loads ({@code GET .../roles/{role}/members}):
     * users and groups it is assigned to, and users holding it through a group, the first
     * {@value GroupPages#SHOWN}.
     */
    @GET
    @Path("roles/{role}/members")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.roles.members.list")
    public TemplateInstance members(@PathParam("account") String account, @PathParam("role") String role) {
        String name = Inputs.name("#role", role);
        return Templates.members(name, roles.members(account, name, null, GroupPages.SHOWN));
    }

    /**
     * Who would gain and who would lose what if the form were saved now: a fragment for the page's
     * preview region, with the save button (carrying the number of users named) when the admin may
     * write. Nothing is written. A bad form is the problem of {@code PUT .../roles/{role}} as a
     * fragment (ConsoleProblems).
     */
    @POST
    @Path("roles/{role}/preview")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.changes.preview")
    public TemplateInstance preview(@PathParam("account") String account, @PathParam("role") String role,
                                    @RestForm String description, @RestForm List<String> grants,
                                    @RestForm String wildcards, @RestForm List<String> inherits) {
        Edit edit = edit(Inputs.name("#role", role), description, grants, wildcards, inherits, null);
        ImpactResponse impact;
        try {
            PlannedWrite put = new PlannedWrite.RolePut(edit.role(), Inputs.text("/description", blankToNull(edit.description())),
                    Inputs.names("/permissions", edit.allGrants(), true), Inputs.names("/inherits", List.copyOf(edit.inherits()), false));
            impact = previews.preview(account, List.of(put), held(account)).page(null, Page.MAX_LIMIT);
        } catch (ProblemException refused) {
            throw new ProblemException(unindexed(refused.problem()));
        }
        return Templates.preview(edit.role(), impact, impact.users().size());
    }

    /**
     * Saves the form as {@code PUT .../roles/{role}} does. {@code expectAffected}, sent by the
     * preview's save button, is the most users the save may touch (the preview's count); a save
     * that would touch more is refused with 409 {@code expectation_failed}. A refusal re-renders
     * the form with what was typed and each error under its field.
     */
    @POST
    @Path("roles/{role}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.roles.put")
    public Response save(@PathParam("account") String account, @PathParam("role") String role,
                         @RestForm String description, @RestForm List<String> grants, @RestForm String wildcards,
                         @RestForm List<String> inherits, @RestForm String expectAffected, @RestForm String etag) {
        Edit edit = edit(Inputs.name("#role", role), description, grants, wildcards, inherits,
                etag == null || etag.isBlank() ? null : etag.strip());
        try {
            roles.getRole(account, edit.role());
            if (expectAffected != null && !expectAffected.isBlank()) {
                if (!expectAffected.strip().matches("\\d{1,9}")) {
                    throw ProblemException.invalid("The preview's count of affected people is not a whole number; preview again.",
                            List.of());
                }
                routing.put(Expectations.KEY, new Expectation.MaxAffectedUsers(Integer.parseInt(expectAffected.strip())));
            }
            var written = roles.putRole(account, edit.role(), Inputs.text("/description", blankToNull(edit.description())),
                    Inputs.names("/permissions", edit.allGrants(), true), Inputs.names("/inherits", List.copyOf(edit.inherits()), false),
                    edit.etag(), held(account));
            return Response.ok(rolePage(account, Edit.of(written.value()), FormErrors.NONE,
                    "Saved role " + edit.role() + " (revision " + written.revision() + ").")).build();
        } catch (ProblemException refused) {
            Problem problem = unindexed(refused.problem());
            if ("expectation_failed".equals(problem.code())) {
                problem = new Problem(problem.type(), problem.title(), problem.status(),
                        "Not saved: access changed since your preview, and this save would now affect more people than it showed. "
                                + "Preview again, then save.", problem.code(), List.of());
            } else if ("precondition_failed".equals(problem.code())) {
                problem = new Problem(problem.type(), problem.title(), problem.status(),
                        "Not saved: someone changed this role since you opened it. Open the role again to see their change, "
                                + "then make yours.", problem.code(), List.of());
            }
            FormErrors errors = FormErrors.of(problem);
            return Response.status(errors.status()).entity(rolePage(account, edit, errors, null)).build();
        }
    }

    private TemplateInstance listPage(String account, String q, NewRole form, FormErrors errors) {
        MatrixResponse matrix = matrices.matrix(account);
        String prefix = q == null || q.isBlank() ? null : q.strip().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> descriptions = new LinkedHashMap<>();
        roles.listRoles(account, new RoleSearch(null, null), null, Page.MAX_LIMIT).items()
                .forEach(r -> descriptions.put(r.id(), r.description()));
        List<RoleRow> rows = matrix.roles().stream()
                .filter(r -> prefix == null || r.id().startsWith(prefix)
                        || (descriptions.get(r.id()) != null && descriptions.get(r.id()).toLowerCase(java.util.Locale.ROOT).startsWith(prefix)))
                .map(r -> new RoleRow(r.id(), descriptions.get(r.id()), r.template().status(), r.own().size() + r.inherited().size(),
                        r.inherits()))
                .toList();
        return Templates.roles(rows, q == null ? "" : q, mayChange(account), form, errors, matrix.template(),
                matrix.removedTemplateRoles());
    }

    private TemplateInstance rolePage(String account, Edit edit, FormErrors errors, String saved) {
        MatrixResponse matrix = matrices.matrix(account);
        MatrixResponse.Role row = matrix.roles().stream().filter(r -> r.id().equals(edit.role())).findFirst()
                .orElseThrow(() -> ProblemException.notFound("role_not_found", "Role '" + edit.role() + "' does not exist."));
        List<String> others = matrix.roles().stream().map(MatrixResponse.Role::id).filter(r -> !r.equals(edit.role())).toList();
        return Templates.role(edit, row, PermissionGroup.of(matrix.permissions()), others, mayChange(account), errors, saved);
    }

    private static Edit edit(String role, String description, List<String> grants, String wildcards, List<String> inherits,
                             String etag) {
        return new Edit(role, description == null ? "" : description,
                Set.copyOf(grants == null ? List.of() : grants.stream().filter(g -> !g.isBlank()).toList()),
                wildcards == null ? "" : wildcards.strip(),
                Set.copyOf(inherits == null ? List.of() : inherits.stream().filter(g -> !g.isBlank()).toList()), etag);
    }

    /**
     * The API's pointers as the form's fields: {@code /permissions/i} and a grant the catalog lacks
     * or the admin does not hold go under the grants; {@code /inherits/i}, an unknown inherited role
     * and a cycle under the inherited roles.
     */
    static Problem unindexed(Problem problem) {
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : problem.errors()) {
            // a preview's pointers are under /changes/0/body (or /changes/0/path)
            String p = e.pointer().replaceFirst("^/changes/\\d+(/body)?", "");
            errors.add(new FieldError(p.startsWith("/permissions") ? "/grants" : p.startsWith("/inherits") ? "/inherits" : p,
                    e.message()));
        }
        if (errors.isEmpty() && problem.code() != null) {
            switch (problem.code()) {
                case "unknown_permission", "forbidden" -> errors.add(new FieldError("/grants", problem.detail()));
                case "unknown_role", "role_cycle", "inheritance_too_deep" -> errors.add(new FieldError("/inherits", problem.detail()));
                default -> { }
            }
        }
        String detail = problem.detail() == null ? null : problem.detail().replaceFirst("^Change \\d+: ", "");
        return new Problem(problem.type(), problem.title(), problem.status(), detail, problem.code(), errors);
    }

    private boolean exists(String account, String role) {
        try {
            roles.getRole(account, role);
            return true;
        } catch (ProblemException e) {
            if ("role_not_found".equals(e.problem().code())) {
                return false;
            }
            throw e;
        }
    }

    private boolean mayChange(String account) {
        return held(account).contains(WRITE);
    }

    private Set<String> held(String account) {
        return guard.heldPermissions(account, guard.caller());
    }

    static String prefixOf(String permission) {
        int dot = permission.indexOf('.');
        return dot < 0 ? permission : permission.substring(0, dot);
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
