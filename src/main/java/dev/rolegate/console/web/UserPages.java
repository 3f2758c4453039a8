package dev.rolegate.console.web;

import dev.rolegate.access.AssignableRoles;
import dev.rolegate.access.AssignmentFixes;
import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.api.AssignableRolesResponse;
import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.access.api.FixesResponse;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.change.api.ImpactResponse;
import dev.rolegate.check.CheckService;
import dev.rolegate.check.SnapshotCache;
import dev.rolegate.check.api.AccessPathsResponse;
import dev.rolegate.check.api.AccessStep;
import dev.rolegate.console.ConsoleAssignments;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.UserSearch;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Names;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.preview.PlannedWrite;
import dev.rolegate.preview.PreviewService;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's people screens (issue 14): the users of the account, searched as one types and
 * filtered by role, group, source and status, keyset-paged on the server; one user with direct
 * and effective roles, every path of each permission, what the user may do and why not, with the
 * fixes this admin may apply; and the assign dialog, which offers only the roles this admin may
 * grant (the others greyed with their reason), an optional validity window and the impact preview
 * before saving. Each method declares the {@code rbac.*} operation of the {@code /v1} call it
 * stands beside and calls the same service, so the same authorization and no-escalation ceiling
 * apply. Times in forms are UTC ({@code yyyy-MM-ddTHH:mm}, as {@code <input type=datetime-local>}
 * sends them).
 */
@Path("/console/{account}")
public class UserPages {

    /** Users per page of the list. */
    static final int PAGE_SIZE = 50;
    /** Roles per page of the assign dialog. */
    static final int ROLES_PER_PAGE = 30;
    /** The permission that lets an admin assign roles; without it the user screen offers no assign dialog. */
    static final String ASSIGN = "rbac.assignments.write";

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(Filters filters, List<UserResponse> users, long total, String next,
                                             boolean firstPage, FormErrors errors);

        static native TemplateInstance user(UserResponse user, List<DirectRole> direct, List<String> effectiveRoles,
                                            List<Held> permissions, List<String> operations, boolean truncated,
                                            boolean mayAssign, String operation);

        static native TemplateInstance why(String user, FixesResponse answer, String applied, boolean mayAssign);

        static native TemplateInstance assignDialog(String user, String q, List<Choice> choices, String more, Validity validity);

        static native TemplateInstance preview(String user, String role, ImpactResponse.User impact, Validity validity,
                                               FormErrors errors);

        static native TemplateInstance assigned(String user, String role, boolean created, String window);
    }

    /**
     * The list's filters as the form sent them (blank: no filter).
     *
     * @param q      a prefix of the user's id, email or display name
     * @param role   a role id
     * @param group  a group id
     * @param source {@code local}, {@code saml} or {@code ldap}
     * @param status {@code active} or {@code disabled}
     */
    public record Filters(String q, String role, String group, String source, String status) {

        public Filters {
            q = blankToNull(q);
            role = blankToNull(role);
            group = blankToNull(group);
            source = blankToNull(source);
            status = blankToNull(status);
        }

        /** True when any filter is set. */
        public boolean any() {
            return q != null || role != null || group != null || source != null || status != null;
        }

        /** The query string of this search at {@code after} (null: the first page), for a link. */
        public String query(String after) {
            StringBuilder s = new StringBuilder();
            add(s, "q", q);
            add(s, "role", role);
            add(s, "group", group);
            add(s, "source", source);
            add(s, "status", status);
            add(s, "after", after);
            return s.length() == 0 ? "" : "?" + s.substring(1);
        }

        private static void add(StringBuilder s, String name, String value) {
            if (value != null) {
                s.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * One assignment of the user's own.
     *
     * @param role   the role id
     * @param source how it came: "assigned by an admin", "from SAML", "from LDAP", "from the account's template"
     * @param window its validity window in words ("always", "until 2026-12-31 00:00 UTC", ...)
     * @param state  {@code active}, {@code scheduled} (starts later) or {@code ended}
     */
    public record DirectRole(String role, String source, String window, String state) {
    }

    /**
     * A permission the user holds now, with every path that brings it.
     *
     * @param name      the permission
     * @param paths     each path, in the engine's order
     * @param truncated true when more than 64 paths bring it (only 64 are listed)
     */
    public record Held(String name, List<Via> paths, boolean truncated) {
    }

    /**
     * One path of a permission: user → (group →) role → inherited roles… → permission.
     *
     * @param group    the group it comes through, or null for the user's own assignment
     * @param role     the assigned role
     * @param inherits the roles inherited on the way to the permission, in order
     * @param source   how the assignment came, in words ("from LDAP")
     * @param window   the assignment's validity window in words, or null when it always holds
     */
    public record Via(String group, String role, List<String> inherits, String source, String window) {
    }

    /**
     * A role in the assign dialog.
     *
     * @param id          the role
     * @param description its description, or null
     * @param permissions what the user would hold through it (null for an excluded role)
     * @param reason      why this admin may not assign it, in words, or null when it may
     */
    public record Choice(String id, String description, List<String> permissions, String reason) {
        public boolean available() {
            return reason == null;
        }
    }

    /**
     * The validity fields of the dialog as typed, and their errors.
     *
     * @param validFrom as typed ({@code yyyy-MM-ddTHH:mm}, UTC), or empty
     * @param expiresAt as typed, or empty
     * @param errors    errors at {@code validFrom} and {@code expiresAt}
     */
    public record Validity(String validFrom, String expiresAt, FormErrors errors) {
        static final Validity EMPTY = new Validity("", "", FormErrors.NONE);
    }

    @Inject
    DirectoryService directory;

    @Inject
    AssignmentService assignments;

    @Inject
    ConsoleAssignments fixAssignments;

    @Inject
    AssignableRoles assignable;

    @Inject
    AssignmentFixes fixes;

    @Inject
    PreviewService previews;

    @Inject
    CheckService checks;

    @Inject
    SnapshotCache snapshots;

    @Inject
    AdminGuard guard;

    @Inject
    Clock clock;

    /**
     * The users, {@value #PAGE_SIZE} a page by id after {@code after}, with the total of the search,
     * as {@code GET /v1/.../users} answers them (one statement; the same filters and indexes). A
     * bad filter (a role or group id that cannot be one) is shown under its field, with no rows.
     */
    @GET
    @Path("users")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.users.list")
    public Response list(@PathParam("account") String account, @QueryParam("q") String q, @QueryParam("role") String role,
                         @QueryParam("group") String group, @QueryParam("source") String source,
                         @QueryParam("status") String status, @QueryParam("after") String after) {
        Filters filters = new Filters(q, role, group, source, status);
        try {
            UserSearch search = new UserSearch(Inputs.searchPrefix("#q", filters.q()), Inputs.optionalName("#role", filters.role()),
                    Inputs.optionalUserId("#group", filters.group()), Inputs.oneOf("#source", filters.source(), "local", "saml", "ldap", "scim"),
                    Inputs.oneOf("#status", filters.status(), "active", "disabled"));
            String cursor = blankToNull(after) == null ? null : Inputs.userId("#after", after);
            Page<UserResponse> page = directory.listUsers(account, search, cursor, PAGE_SIZE);
            return Response.ok(Templates.users(filters, page.items(), page.total() == null ? 0 : page.total(), page.next(),
                    cursor == null, FormErrors.NONE)).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            return Response.status(errors.status()).entity(Templates.users(filters, List.of(), 0, null, true, errors)).build();
        }
    }

    /**
     * One user: who (id, email, name, status, source), the user's own assignments with their
     * windows, the effective roles, every path of each permission held now ({@code GET
     * .../users/{user}/access}), and the operations allowed. 404 {@code user_not_found}, also for
     * a user of another account.
     */
    @GET
    @Path("users/{user}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.users.access.get")
    public TemplateInstance user(@PathParam("account") String account, @PathParam("user") String user,
                                 @QueryParam("operation") String operation) {
        String id = Inputs.userId("#user", user);
        UserResponse shown = directory.getUser(account, id);
        AccessPathsResponse access = join(checks.accessPaths(account, id, snapshots.latestKnown(account)));
        Instant now = clock.instant();
        List<DirectRole> direct = new ArrayList<>();
        for (AssignmentResponse a : assignments.listAssignments(account, AssigneeKind.USER, id, null, Page.MAX_LIMIT).items()) {
            String state = a.expiresAt() != null && !a.expiresAt().isAfter(now) ? "ended"
                    : a.validFrom() != null && a.validFrom().isAfter(now) ? "scheduled" : "active";
            direct.add(new DirectRole(a.id(), sourceInWords(a.source()), window(a.validFrom(), a.expiresAt()), state));
        }
        Set<String> effective = new TreeSet<>();
        List<Held> held = new ArrayList<>();
        for (AccessPathsResponse.Permission p : access.permissions()) {
            List<Via> paths = new ArrayList<>();
            for (List<AccessStep> steps : p.paths()) {
                Via via = via(steps);
                paths.add(via);
                effective.add(via.role());
                effective.addAll(via.inherits());
            }
            held.add(new Held(p.name(), paths, p.truncated()));
        }
        return Templates.user(shown, direct, List.copyOf(effective), held, access.operations(), access.truncated(),
                mayAssign(account), blankToNull(operation) == null ? "" : operation);
    }

    /**
     * "Why can't this user do X": whether the user may perform {@code operation} now, the check's
     * reason and missing permissions, and the smallest sets of roles this admin may assign that
     * would allow it ({@code GET .../users/{user}/fixes}), each with a button that applies it.
     * A fragment of the user screen; a bad or unknown operation is a problem fragment
     * (400 {@code invalid_request}, 404 {@code operation_not_found}).
     */
    @GET
    @Path("users/{user}/why")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.users.fixes.get")
    public TemplateInstance why(@PathParam("account") String account, @PathParam("user") String user,
                                @QueryParam("operation") String operation) {
        String id = Inputs.userId("#user", user);
        if (blankToNull(operation) == null) {
            throw ProblemException.invalid("#operation", "Type the operation to ask about, such as report.share.");
        }
        FixesResponse answer = fixes.fixes(account, guard.caller(), id, Inputs.name("#operation", operation.strip()));
        return Templates.why(id, answer, null, mayAssign(account));
    }

    /**
     * Applies one fix: assigns every role of it to the user as one unit of work (one revision;
     * none of them when any is refused, 403 {@code forbidden} beyond this admin's permissions),
     * then shows the answer again for {@code operation}.
     *
     * @param roles the fix's role ids, comma-separated
     */
    @POST
    @Path("users/{user}/fixes/apply")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.users.roles.put")
    public Response applyFix(@PathParam("account") String account, @PathParam("user") String user,
                             @RestForm String operation, @RestForm String roles) {
        String id = Inputs.userId("#user", user);
        String op = Inputs.name("#operation", operation == null ? "" : operation.strip());
        List<String> names = new ArrayList<>();
        for (String r : (roles == null ? "" : roles).split(",")) {
            if (!r.isBlank()) {
                names.add(Inputs.name("#roles", r.strip()));
            }
        }
        if (names.isEmpty() || names.size() > AssignmentFixes.MAX_ROLES) {
            throw ProblemException.invalid("#roles", "a fix names 1 to " + AssignmentFixes.MAX_ROLES + " roles");
        }
        fixAssignments.assignAll(account, id, names, guard.heldPermissions(account, guard.caller()));
        FixesResponse answer = fixes.fixes(account, guard.caller(), id, op);
        return Response.ok(Templates.why(id, answer, String.join(", ", names), mayAssign(account)))
                .header("HX-Trigger", "console:changed").build();
    }

    /**
     * The assign dialog's content: the account's roles whose id starts with {@code q}, by id,
     * {@value #ROLES_PER_PAGE} at a time after {@code after}, the ones this admin may assign
     * to the user selectable and the others greyed with their reason ({@code GET .../assignable-roles});
     * the optional start and end; and the place of the impact preview.
     */
    @GET
    @Path("users/{user}/assign")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.assignable_roles.list")
    public TemplateInstance assignDialog(@PathParam("account") String account, @PathParam("user") String user,
                                         @QueryParam("q") String q, @QueryParam("after") String after) {
        String id = Inputs.userId("#user", user);
        String prefix = blankToNull(q);
        if (prefix != null && prefix.length() > Names.MAX_NAME_LENGTH) {
            throw ProblemException.invalid("#q", "a role id is at most " + Names.MAX_NAME_LENGTH + " characters");
        }
        AssignableRolesResponse roles = assignable.list(account, guard.caller(), AssigneeKind.USER, id, prefix,
                blankToNull(after) == null ? null : Inputs.name("#after", after), ROLES_PER_PAGE);
        List<Choice> choices = new ArrayList<>();
        for (AssignableRolesResponse.Item item : roles.items()) {
            choices.add(new Choice(item.id(), item.description(), item.permissions(), null));
        }
        for (AssignableRolesResponse.Excluded excluded : roles.excluded()) {
            choices.add(new Choice(excluded.id(), null, null, reasonInWords(excluded.reason())));
        }
        choices.sort(java.util.Comparator.comparing(Choice::id));
        String more = roles.next() == null ? null
                : "?after=" + URLEncoder.encode(roles.next(), StandardCharsets.UTF_8)
                + (prefix == null ? "" : "&q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        return Templates.assignDialog(id, prefix == null ? "" : prefix, choices, more, Validity.EMPTY);
    }

    /**
     * The impact preview of assigning {@code role} with the window typed, before saving
     * ({@code POST .../changes/preview} of one {@code PUT /users/{user}/roles/{role}}): what the
     * user would gain; nothing is written. A refusal (a bad time, a role beyond this admin) is
     * shown in the preview, a time's error under its field.
     */
    @POST
    @Path("users/{user}/assign/preview")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.changes.preview")
    public Response preview(@PathParam("account") String account, @PathParam("user") String user, @RestForm String role,
                            @RestForm String validFrom, @RestForm String expiresAt) {
        String id = Inputs.userId("#user", user);
        Validity typed = new Validity(orEmpty(validFrom), orEmpty(expiresAt), FormErrors.NONE);
        if (blankToNull(role) == null) {
            return Response.ok(Templates.preview(id, null, null, typed, FormErrors.NONE)).build();
        }
        try {
            String name = Inputs.name("#role", role);
            Instant from = time("/validFrom", validFrom);
            Instant until = time("/expiresAt", expiresAt);
            ImpactResponse.User mine = previews.preview(account,
                    List.of(new PlannedWrite.AssignmentPut(AssigneeKind.USER, id, name, from, until)),
                    guard.heldPermissions(account, guard.caller())).page(null, Page.MAX_LIMIT).users().stream()
                    .filter(u -> u.id().equals(id)).findFirst().orElse(null);
            return Response.ok(Templates.preview(id, name, mine, typed, FormErrors.NONE)).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(unindexed(refused));
            return Response.status(errors.status())
                    .entity(Templates.preview(id, role, null, new Validity(typed.validFrom(), typed.expiresAt(), errors), errors)).build();
        }
    }

    /**
     * Assigns a role to a user as the session's admin, as {@code PUT /v1/.../users/{user}/roles/{role}}
     * does (source {@code manual}): the admin must hold every permission the role grants (403
     * {@code forbidden} otherwise, and nothing is written); a role only an identity source assigns
     * is 409 {@code source_managed}. Optional form fields {@code validFrom} and {@code expiresAt}
     * ({@code yyyy-MM-ddTHH:mm} UTC, or RFC 3339); a bad one is 400 with the error under its field
     * (htmx) or as problem+json (other callers).
     */
    @POST
    @Path("users/{user}/roles/{role}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.users.roles.put")
    public Response assign(@PathParam("account") String account, @PathParam("user") String user,
                           @PathParam("role") String role, @RestForm String validFrom, @RestForm String expiresAt,
                           @HeaderParam("HX-Request") String htmx) {
        String id = Inputs.userId("#user", user);
        String name = Inputs.name("#role", role);
        Validity typed = new Validity(orEmpty(validFrom), orEmpty(expiresAt), FormErrors.NONE);
        try {
            Instant from = time("/validFrom", validFrom);
            Instant until = time("/expiresAt", expiresAt);
            Written<AssignmentResponse> written = assignments.assign(account, AssigneeKind.USER, id, name,
                    AssignmentSource.MANUAL, from, until, guard.heldPermissions(account, guard.caller()));
            return Response.ok(Templates.assigned(id, name, written.created(),
                            window(written.value().validFrom(), written.value().expiresAt())))
                    .header("HX-Trigger", "console:changed").build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(refused);
            if (htmx == null || !(errors.has("validFrom") || errors.has("expiresAt"))) {
                throw refused;
            }
            return Response.status(errors.status())
                    .entity(Templates.preview(id, name, null, new Validity(typed.validFrom(), typed.expiresAt(), errors), errors)).build();
        }
    }

    private boolean mayAssign(String account) {
        return guard.heldPermissions(account, guard.caller()).contains(ASSIGN);
    }

    /** A path of the API as the screen says it. */
    static Via via(List<AccessStep> steps) {
        String group = null;
        String role = null;
        String source = null;
        String window = null;
        List<String> inherits = new ArrayList<>();
        for (AccessStep s : steps) {
            switch (s.kind()) {
                case "group" -> group = s.name();
                case "role" -> {
                    role = s.name();
                    source = sourceInWords(s.source());
                    window = s.validFrom() == null && s.expiresAt() == null ? null : window(s.validFrom(), s.expiresAt());
                }
                case "inherited_role" -> inherits.add(s.name());
                default -> { }
            }
        }
        return new Via(group, role, List.copyOf(inherits), source, window);
    }

    /** An assignment's source in words: {@code ldap} → "from LDAP". */
    static String sourceInWords(String source) {
        if (source == null) {
            return "";
        }
        return switch (source) {
            case "manual" -> "assigned by an admin";
            case "saml" -> "from SAML sign-on";
            case "ldap" -> "from LDAP";
            case "scim" -> "from SCIM provisioning";
            case "template" -> "from the account's template";
            default -> "from " + source;
        };
    }

    /** Why {@code GET .../assignable-roles} excludes a role, in words. */
    static String reasonInWords(String reason) {
        return switch (reason) {
            case "exceeds_caller" -> "It grants permissions you do not hold yourself.";
            case "source_managed" -> "An identity source (LDAP, SAML or SCIM) manages this role for this user.";
            case "already_assigned" -> "Already assigned to this user.";
            default -> "Not assignable (" + reason + ").";
        };
    }

    /** A validity window in words, times in UTC to the minute. */
    static String window(Instant from, Instant until) {
        if (from == null && until == null) {
            return "always";
        }
        if (from == null) {
            return "until " + SHOWN.format(until);
        }
        if (until == null) {
            return "from " + SHOWN.format(from);
        }
        return "from " + SHOWN.format(from) + " until " + SHOWN.format(until);
    }

    /**
     * A time field: empty is null; {@code yyyy-MM-ddTHH:mm} (an {@code <input type=datetime-local>})
     * is read as UTC; otherwise an RFC 3339 date-time with offset.
     *
     * @throws ProblemException 400 {@code invalid_request} at {@code pointer}
     */
    static Instant time(String pointer, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            try {
                return Inputs.time(pointer, v);
            } catch (ProblemException e) {
                throw ProblemException.invalid(pointer, "must be a date and time (UTC), such as 2026-05-01T09:00");
            }
        }
    }

    /** A preview's problem with its pointers back at the form's fields ({@code /changes/0/body/expiresAt} → {@code /expiresAt}). */
    private static ProblemException unindexed(ProblemException refused) {
        var p = refused.problem();
        List<FieldError> errors = p.errors().stream()
                .map(e -> new FieldError(e.pointer().replaceFirst("^/changes/\\d+(/body)?", ""), e.message())).toList();
        String detail = p.detail() == null ? null : p.detail().replaceFirst("^Change \\d+: ", "");
        return new ProblemException(new dev.rolegate.platform.problem.Problem(p.type(), p.title(), p.status(), detail,
                p.code(), errors, p.members()));
    }

    /** The value of a stage that an API resource would answer, on this worker thread; its problem rethrown as is. */
    private static <T> T join(CompletionStage<CheckService.Answer<T>> stage) {
        try {
            return stage.toCompletableFuture().join().body();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            throw e;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
