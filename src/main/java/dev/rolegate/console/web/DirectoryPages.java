package dev.rolegate.console.web;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldapsync.LdapConfigService;
import dev.rolegate.ldapsync.LdapSyncService;
import dev.rolegate.ldapsync.SyncRunChanges;
import dev.rolegate.ldapsync.api.LdapAttributes;
import dev.rolegate.ldapsync.api.LdapConfigRequest;
import dev.rolegate.ldapsync.api.LdapConfigResponse;
import dev.rolegate.ldapsync.api.LdapRunResponse;
import dev.rolegate.ldapsync.api.LdapTestResponse;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's directory screen (issue 14): the account's LDAP / Active Directory connection as
 * {@code GET}/{@code PUT /v1/accounts/{account}/directory/ldap} read and write it, a test of the
 * form's settings ({@code POST .../test}: users and groups found, mapped groups the directory does
 * not have), a dry run or a sync ({@code POST .../sync}, always in the background here) whose
 * status fragment the page polls every second until it is done, and the history of runs
 * ({@code GET .../runs}) with each run's details and the list of what it changed
 * ({@link SyncRunChanges}).
 *
 * <p>The bind password is write-only: no page holds it, an empty password field keeps the stored
 * one (for the same destination, as the API does) and the form never echoes what was typed.
 * Every method calls the same service as the {@code /v1} endpoint it stands beside, declares the
 * same operation, and acts as the session's admin (no-escalation ceiling on {@code groupRoles}).
 */
@Path("/console/{account}/directory")
@TemplateData(target = SyncRunChanges.class)
@TemplateData(target = SyncRunChanges.Item.class)
@TemplateData(target = LdapTestResponse.class)
public class DirectoryPages {

    /** How many runs the history shows, newest first. */
    static final int HISTORY = 20;

    /** How many changes a finished dry run lists inline; its details page lists the rest. */
    static final int INLINE_CHANGES = 25;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance directory(Form form, boolean configured, FormErrors errors, String saved,
                                                 List<RunView> runs, RunView current);

        static native TemplateInstance testResult(LdapTestResponse found, String detail, List<String> failures);

        static native TemplateInstance runStatus(RunView run, List<SyncRunChanges.Item> changes, int more);

        static native TemplateInstance runs(List<RunView> runs);

        static native TemplateInstance run(RunView run, SyncRunChanges changes);
    }

    @Inject
    LdapConfigService configs;

    @Inject
    LdapSyncService syncs;

    @Inject
    AdminGuard guard;

    /**
     * The settings form (empty with the usual OpenLDAP defaults when none are stored), the runs,
     * and the progress of a run that is still running.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public TemplateInstance show(@PathParam("account") String account) {
        Optional<LdapConfigResponse> stored = stored(account);
        List<RunView> runs = stored.isPresent() ? history(account) : List.of();
        // a run still running when the page opens shows its progress, as if just started here
        RunView current = runs.isEmpty() || !runs.get(0).running() ? null : runs.get(0);
        return Templates.directory(stored.map(Form::of).orElse(Form.DEFAULTS), stored.isPresent(), FormErrors.NONE, null,
                runs, current);
    }

    /**
     * Saves the form as {@code PUT .../directory/ldap} would. A refusal re-renders the form with
     * each error under its field and stores nothing; the password typed is never sent back.
     */
    @POST
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public Response save(@PathParam("account") String account, @RestForm String url, @RestForm String startTls,
                         @RestForm String allowPlaintext, @RestForm String trustedCertificatePem, @RestForm String bindDn,
                         @RestForm String bindPassword, @RestForm String userBaseDn, @RestForm String userFilter,
                         @RestForm String groupBaseDn, @RestForm String groupFilter, @RestForm String membership,
                         @RestForm String nestedGroups, @RestForm String idAttribute, @RestForm String userIdAttribute,
                         @RestForm String emailAttribute, @RestForm String displayNameAttribute,
                         @RestForm String disabledAttribute, @RestForm String groupRoles, @RestForm String schedule,
                         @RestForm String deprovision, @RestForm String maxRemovalPercent, @RestForm String pageSize) {
        Form sent = new Form(text(url), checked(startTls), checked(allowPlaintext), text(trustedCertificatePem), text(bindDn),
                text(userBaseDn), text(userFilter), text(groupBaseDn), text(groupFilter), text(membership),
                checked(nestedGroups), text(idAttribute), text(userIdAttribute), text(emailAttribute),
                text(displayNameAttribute), text(disabledAttribute), text(groupRoles), text(schedule), text(deprovision),
                text(maxRemovalPercent), text(pageSize));
        boolean configured = stored(account).isPresent();
        try {
            LdapConfigRequest body = checked(account, sent, bindPassword);
            LdapConfigResponse saved = configs.put(account, body, guard.heldPermissions(account, guard.caller())).value();
            return Response.ok(Templates.directory(Form.of(saved), true, FormErrors.NONE,
                    "Saved. The next sync uses these settings.", history(account), null)).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(forForm(refused.problem()));
            return Response.status(errors.status())
                    .entity(Templates.directory(sent, configured, errors, null, configured ? history(account) : List.of(), null))
                    .build();
        }
    }

    /**
     * Tries the form's settings as {@code POST .../directory/ldap/test} with a body does (an empty
     * password: the stored one, for the same destination); stores nothing. Answers the result
     * fragment: counts, mapped groups the directory lacks, the reader's remarks; or why it failed.
     */
    @POST
    @Path("test")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public TemplateInstance test(@PathParam("account") String account, @RestForm String url, @RestForm String startTls,
                                 @RestForm String allowPlaintext, @RestForm String trustedCertificatePem,
                                 @RestForm String bindDn, @RestForm String bindPassword, @RestForm String userBaseDn,
                                 @RestForm String userFilter, @RestForm String groupBaseDn, @RestForm String groupFilter,
                                 @RestForm String membership, @RestForm String nestedGroups, @RestForm String idAttribute,
                                 @RestForm String userIdAttribute, @RestForm String emailAttribute,
                                 @RestForm String displayNameAttribute, @RestForm String disabledAttribute,
                                 @RestForm String groupRoles, @RestForm String schedule, @RestForm String deprovision,
                                 @RestForm String maxRemovalPercent, @RestForm String pageSize) {
        Form sent = new Form(text(url), checked(startTls), checked(allowPlaintext), text(trustedCertificatePem), text(bindDn),
                text(userBaseDn), text(userFilter), text(groupBaseDn), text(groupFilter), text(membership),
                checked(nestedGroups), text(idAttribute), text(userIdAttribute), text(emailAttribute),
                text(displayNameAttribute), text(disabledAttribute), text(groupRoles), text(schedule), text(deprovision),
                text(maxRemovalPercent), text(pageSize));
        try {
            return Templates.testResult(syncs.test(account, checked(account, sent, bindPassword)), null, List.of());
        } catch (ProblemException refused) {
            Problem p = refused.problem();
            List<String> failures = p.errors().stream()
                    .map(e -> (e.pointer() == null || e.pointer().isEmpty() ? "" : e.pointer().substring(1) + " ") + e.message())
                    .toList();
            return Templates.testResult(null, p.detail(), failures);
        }
    }

    /**
     * Starts a run of the stored settings as {@code POST .../directory/ldap/sync} with
     * {@code "async": true} does, and answers its status fragment, which polls itself.
     *
     * @param dryRun {@code true} for a dry run (plans and records, changes nothing)
     * @param mode   {@code full} (the default) or {@code incremental}
     * @throws ProblemException 400 for another mode; as {@link LdapSyncService#start}: 404
     *         {@code ldap_not_configured}, 409 {@code sync_in_progress} or {@code full_sync_required}, 503
     */
    @POST
    @Path("sync")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.sync")
    public TemplateInstance sync(@PathParam("account") String account, @RestForm String dryRun, @RestForm String mode) {
        SyncMode m;
        if (mode == null || mode.isEmpty() || "full".equals(mode)) {
            m = SyncMode.FULL;
        } else if ("incremental".equals(mode)) {
            m = SyncMode.INCREMENTAL;
        } else {
            throw ProblemException.invalid("/mode", "must be full or incremental");
        }
        LdapRunResponse accepted = syncs.start(account, m, "true".equals(dryRun), LdapSyncService.Trigger.API,
                guard.caller().subject()).accepted();
        return Templates.runStatus(RunView.of(accepted), List.of(), 0);
    }

    /**
     * A run's status fragment, as {@code GET .../runs/{run}} reads it: it polls itself every second
     * while the run is running; once finished it carries {@code HX-Trigger: console:changed}, so
     * the history refreshes, and a finished dry run lists its first changes.
     *
     * @throws ProblemException 404 {@code run_not_found}, also for another account's run
     */
    @GET
    @Path("runs/{run}/status")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public Response status(@PathParam("account") String account, @PathParam("run") String run) {
        RunView view = RunView.of(syncs.run(account, run));
        if (view.running()) {
            return Response.ok(Templates.runStatus(view, List.of(), 0)).build();
        }
        List<SyncRunChanges.Item> changes = List.of();
        int more = 0;
        if (view.dryRun()) {
            Optional<SyncRunChanges> planned = syncs.changes(account, run);
            if (planned.isPresent()) {
                List<SyncRunChanges.Item> items = planned.get().items();
                changes = items.subList(0, Math.min(INLINE_CHANGES, items.size()));
                more = planned.get().total() - changes.size();
            }
        }
        return Response.ok(Templates.runStatus(view, changes, more)).header("HX-Trigger", "console:changed").build();
    }

    /** The history fragment: the account's last {@value #HISTORY} runs, newest first. */
    @GET
    @Path("runs")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public TemplateInstance runs(@PathParam("account") String account) {
        return Templates.runs(history(account));
    }

    /**
     * One run's page: its record and the list of what it changed (or, dry, would change).
     *
     * @throws ProblemException 404 {@code run_not_found}, also for another account's run
     */
    @GET
    @Path("runs/{run}")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.directory.put")
    public TemplateInstance run(@PathParam("account") String account, @PathParam("run") String run) {
        RunView view = RunView.of(syncs.run(account, run));
        return Templates.run(view, syncs.changes(account, run).orElse(null));
    }

    private Optional<LdapConfigResponse> stored(String account) {
        try {
            return Optional.of(configs.get(account));
        } catch (ProblemException e) {
            if ("ldap_not_configured".equals(e.problem().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<RunView> history(String account) {
        return syncs.runs(account, HISTORY).stream().map(RunView::of).toList();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static boolean checked(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * The API's pointers as the form's fields: {@code /attributes/userId} is the field
     * {@code userIdAttribute}, and every {@code /groupRoles/{dn}[/i]} the one {@code groupRoles}
     * textarea, its message naming the DN; {@code unknown_role} and the no-escalation
     * {@code forbidden} (which name no field) belong to {@code groupRoles} too.
     */
    static Problem forForm(Problem problem) {
        List<FieldError> errors = new ArrayList<>();
        if (problem.errors().isEmpty() && ("unknown_role".equals(problem.code()) || "forbidden".equals(problem.code()))) {
            // a role the mapping names that does not exist, or that the admin may not hand out
            errors.add(new FieldError("/groupRoles", problem.detail()));
        }
        for (FieldError e : problem.errors()) {
            String p = e.pointer() == null ? "" : e.pointer();
            if (p.startsWith("/attributes/")) {
                errors.add(new FieldError("/" + p.substring("/attributes/".length()) + "Attribute", e.message()));
            } else if (p.startsWith("/groupRoles/")) {
                String rest = p.substring("/groupRoles/".length());
                String dn = rest.replaceFirst("/\\d+$", "").replace("~1", "/").replace("~0", "~");
                errors.add(new FieldError("/groupRoles", dn + ": " + e.message()));
            } else {
                errors.add(e);
            }
        }
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.code(), errors);
    }

    /**
     * What the settings form shows, every value as typed (numbers too, so a bad one is shown back);
     * never the bind password.
     *
     * @param groupRoles one mapping per line: the group's DN, a colon, the role names separated by commas
     */
    public record Form(String url, boolean startTls, boolean allowPlaintext, String trustedCertificatePem, String bindDn,
                       String userBaseDn, String userFilter, String groupBaseDn, String groupFilter, String membership,
                       boolean nestedGroups, String idAttribute, String userIdAttribute, String emailAttribute,
                       String displayNameAttribute, String disabledAttribute, String groupRoles, String schedule,
                       String deprovision, String maxRemovalPercent, String pageSize) {

        /** A fresh form: OpenLDAP's usual attributes, nested {@code member} groups, disable leavers. */
        static final Form DEFAULTS = new Form("", false, false, "", "", "", "(objectClass=inetOrgPerson)", "",
                "(objectClass=groupOfNames)", "member", true, "entryUUID", "uid", "mail", "displayName", "", "", "",
                "disable", Integer.toString(LdapSettings.DEFAULT_MAX_REMOVAL_PERCENT),
                Integer.toString(LdapSettings.DEFAULT_PAGE_SIZE));

        static Form of(LdapConfigResponse s) {
            LdapAttributes a = s.attributes() == null ? new LdapAttributes(null, null, null, null, null) : s.attributes();
            String roles = s.groupRoles() == null ? "" : s.groupRoles().entrySet().stream()
                    .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).sorted().collect(Collectors.joining("\n"));
            return new Form(orEmpty(s.url()), s.startTls(), s.allowPlaintext(), orEmpty(s.trustedCertificatePem()),
                    orEmpty(s.bindDn()), orEmpty(s.userBaseDn()), orEmpty(s.userFilter()), orEmpty(s.groupBaseDn()),
                    orEmpty(s.groupFilter()), orEmpty(s.membership()), s.nestedGroups(), orEmpty(a.id()), orEmpty(a.userId()),
                    orEmpty(a.email()), orEmpty(a.displayName()), orEmpty(a.disabled()), roles, orEmpty(s.schedule()),
                    orEmpty(s.deprovision()), Integer.toString(s.maxRemovalPercent()), Integer.toString(s.pageSize()));
        }

        /**
         * The request the form stands for; an empty value is absent (the service's default), an
         * empty {@code bindPassword} keeps the stored one. A number that is not one, or a
         * {@code groupRoles} line without a colon, is left out of the request and named in
         * {@link Parsed#errors}.
         */
        Parsed request(String bindPassword) {
            List<FieldError> errors = new ArrayList<>();
            Integer removal = number("/maxRemovalPercent", maxRemovalPercent, errors);
            Integer page = number("/pageSize", pageSize, errors);
            Map<String, List<String>> roles = new LinkedHashMap<>();
            String[] lines = groupRoles.split("\\R");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                int colon = line.lastIndexOf(':');
                if (colon < 0) {
                    errors.add(new FieldError("/groupRoles", "Line " + (i + 1) + " (" + line
                            + ") needs the group's DN, a colon, then its roles, as in cn=admins,ou=groups,dc=example,dc=com: admin"));
                    continue;
                }
                List<String> names = java.util.Arrays.stream(line.substring(colon + 1).split(","))
                        .map(String::strip).filter(r -> !r.isEmpty()).toList();
                roles.merge(line.substring(0, colon).strip(), names,
                        (x, y) -> java.util.stream.Stream.concat(x.stream(), y.stream()).toList());
            }
            return new Parsed(new LdapConfigRequest(blank(url), startTls, allowPlaintext, blank(trustedCertificatePem), blank(bindDn),
                    bindPassword == null || bindPassword.isEmpty() ? null : bindPassword, blank(userBaseDn),
                    blank(userFilter), blank(groupBaseDn), blank(groupFilter), blank(membership), nestedGroups,
                    new LdapAttributes(blank(idAttribute), blank(userIdAttribute), blank(emailAttribute),
                            blank(displayNameAttribute), blank(disabledAttribute)),
                    roles, blank(schedule), blank(deprovision), removal, page), errors);
        }

        private static Integer number(String pointer, String value, List<FieldError> errors) {
            if (value.isEmpty()) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(pointer, "must be a whole number"));
                return null;
            }
        }

        private static String blank(String value) {
            return value == null || value.isEmpty() ? null : value;
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }

    /** The request a form stands for, and what of the form could not be put in it (pointers as the API's). */
    record Parsed(LdapConfigRequest request, List<FieldError> errors) {
    }

    /**
     * The form's request, or 400 naming every bad field at once: the form's own (numbers,
     * {@code groupRoles} lines) and those the service's validation finds in the rest
     * ({@link LdapConfigService#candidate}, which stores nothing).
     */
    private LdapConfigRequest checked(String account, Form form, String bindPassword) {
        Parsed parsed = form.request(bindPassword);
        if (parsed.errors().isEmpty()) {
            return parsed.request();
        }
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        try {
            configs.candidate(account, parsed.request());
        } catch (ProblemException refused) {
            errors.addAll(refused.problem().errors());
        }
        throw ProblemException.invalid(errors.get(0).pointer().substring(1) + " " + errors.get(0).message(), errors);
    }

    /**
     * A run as the pages show it: times in UTC, a label and a badge for its status.
     *
     * @param label    {@code Full sync}, {@code Incremental sync}, {@code Dry run (full)}...
     * @param status   {@code running}, {@code succeeded}, {@code failed}, {@code aborted}
     * @param duration how long it took ({@code 1.2 s}), or empty while running
     */
    public record RunView(String id, String label, boolean dryRun, String status, String statusLabel, boolean running,
                          String phase, String phaseLabel, int entriesRead, String started, String finished,
                          String duration, String trigger, String requestedBy, String error, int usersCreated,
                          int usersUpdated, int usersDeprovisioned, int groupsCreated, int groupsUpdated,
                          int groupsRemoved, int assignmentsAdded, int assignmentsRemoved) {

        static RunView of(LdapRunResponse r) {
            String kind = "incremental".equals(r.mode()) ? "incremental" : "full";
            String label = r.dryRun() ? "Dry run (" + kind + ")" : ("full".equals(kind) ? "Full sync" : "Incremental sync");
            String statusLabel = switch (r.status()) {
                case "running" -> "Running";
                case "succeeded" -> r.dryRun() ? "Planned" : "Succeeded";
                case "aborted" -> "Aborted";
                default -> "Failed";
            };
            String phaseLabel = switch (r.phase() == null ? "done" : r.phase()) {
                case "queued" -> "Waiting to start";
                case "reading" -> "Reading the directory";
                case "planning" -> "Working out the changes";
                case "applying" -> "Writing the changes";
                default -> "Done";
            };
            String duration = "";
            if (r.startedAt() != null && r.finishedAt() != null) {
                long millis = Duration.between(Instant.parse(r.startedAt()), Instant.parse(r.finishedAt())).toMillis();
                duration = String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
            }
            return new RunView(r.id(), label, r.dryRun(), r.status(), statusLabel, "running".equals(r.status()), r.phase(),
                    phaseLabel, r.entriesRead(), time(r.startedAt()), time(r.finishedAt()), duration,
                    r.trigger() == null ? "api" : r.trigger(), r.requestedBy() == null ? "" : r.requestedBy(),
                    r.error() == null ? "" : r.error(), r.usersCreated(), r.usersUpdated(), r.usersDeprovisioned(),
                    r.groupsCreated(), r.groupsUpdated(), r.groupsRemoved(), r.assignmentsAdded(), r.assignmentsRemoved());
        }

        private static String time(String iso) {
            return iso == null ? "" : TIME.format(Instant.parse(iso));
        }

        /** The badge's class: {@code ok}, {@code running}, {@code failed} or {@code off} (aborted). */
        public String badge() {
            return switch (status) {
                case "succeeded" -> "ok";
                case "running" -> "running";
                case "aborted" -> "off";
                default -> "failed";
            };
        }

        /** Every count added up: 0 for a run that changed (or would change) nothing. */
        public int changes() {
            return usersCreated + usersUpdated + usersDeprovisioned + groupsCreated + groupsUpdated + groupsRemoved
                    + assignmentsAdded + assignmentsRemoved;
        }

        /** A one-line summary of the counts, e.g. {@code 4 users created, 3 groups created, 5 assignments added}. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            part(parts, usersCreated, "user", "created");
            part(parts, usersUpdated, "user", "updated");
            part(parts, usersDeprovisioned, "user", "deprovisioned");
            part(parts, groupsCreated, "group", "created");
            part(parts, groupsUpdated, "group", "updated");
            part(parts, groupsRemoved, "group", "removed");
            part(parts, assignmentsAdded, "assignment", "added");
            part(parts, assignmentsRemoved, "assignment", "removed");
            return parts.isEmpty() ? "No changes" : String.join(", ", parts);
        }

        private static void part(List<String> parts, int n, String noun, String verb) {
            if (n > 0) {
                parts.add(n + " " + noun + (n == 1 ? "" : "s") + " " + verb);
            }
        }
    }
}
