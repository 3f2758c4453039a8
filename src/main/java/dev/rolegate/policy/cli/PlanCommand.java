package dev.rolegate.policy.cli;

import dev.rolegate.engine.AccessDiff;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.ModelChange;
import dev.rolegate.engine.ModelChanges;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.policy.Template;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy plan TEMPLATE ACCOUNT-EXPORT} (issue 13 item 6): the impact preview of applying a
 * template to an account, offline: who would gain and who would lose which permissions and
 * operations. Applying a template is putting each of its permissions and roles (created, or
 * replacing the account's of the same name, as {@code PUT .../permissions/{p}} and
 * {@code PUT .../roles/{r}} do); what the template does not declare stays (custom roles are
 * never dropped). Computed by the engine as the service computes {@code POST .../changes/preview}:
 * the export (catalog, with the built-in {@code rbac.*} permissions, users, groups, assignments)
 * as an {@link AccountModel}, the template as {@link ModelChange}s applied by
 * {@link ModelChanges#apply}, both compiled and compared by {@link AccessDiff} at {@code --at}.
 */
@Command(name = "plan",
        description = "Preview who gains and who loses which permissions and operations if a template's permissions "
                + "and roles were applied to the account of an export (GET /v1/accounts/{account}/export).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nobody's access would change", "1:some user would gain or lose access",
            "2:the command could not run (bad arguments, unreadable files, an invalid template or export, "
                    + "or a template the account could not take, such as a role inheriting one it does not have)"})
final class PlanCommand implements Callable<Integer> {

    /** The formats of {@code plan}. */
    enum PlanFormat { text, json }

    @Mixin
    PolicyCommand.HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    TemplateAndExport.Files files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    PlanFormat format;

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "The instant assignments' validity is evaluated at (RFC 3339). Default: now.")
    Instant at;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TemplateAndExport inputs = files.read(spec.commandLine(), err);
        if (inputs == null) {
            return PolicyCommand.USAGE;
        }
        Instant now = at != null ? at : Instant.now();
        AccountModel before = model(inputs.export());
        List<ModelChange> changes = changes(inputs.template());
        List<AccessDiff.Change> users;
        try {
            Snapshot was = SnapshotCompiler.compile(before);
            Snapshot is = SnapshotCompiler.compile(ModelChanges.apply(before, before.revision() + 1, changes));
            users = AccessDiff.between(was, is, now);
        } catch (ModelException | IllegalArgumentException e) {
            err.println("error: the account cannot take this template: " + e.getMessage());
            return PolicyCommand.USAGE;
        }
        if (format == PlanFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("template", Map.of("name", inputs.template().name(), "file", files.templateFile.toString()));
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("id", inputs.export().account());
            inputs.export().revision().ifPresent(r -> account.put("revision", r));
            account.put("file", files.exportFile.toString());
            json.put("account", account);
            json.put("at", now.toString());
            json.put("affectedUsers", users.size());
            json.put("users", users.stream().map(u -> Map.of("id", u.user(), "gained", access(u.gained()), "lost", access(u.lost()))).toList());
            out.println(Report.json(json));
        } else {
            out.println("plan: template " + inputs.template().name() + " (" + files.templateFile + ") onto "
                    + inputs.accountLabel() + " (" + files.exportFile + "), at " + now);
            for (AccessDiff.Change u : users) {
                out.println("~ " + u.user());
                line(out, "+", "permissions", u.gained().permissions());
                line(out, "+", "operations", u.gained().operations());
                line(out, "-", "permissions", u.lost().permissions());
                line(out, "-", "operations", u.lost().operations());
            }
            long gaining = users.stream().filter(AccessDiff.Change::gainsAnything).count();
            long losing = users.stream().filter(u -> !u.lost().permissions().isEmpty() || !u.lost().operations().isEmpty()).count();
            out.println(users.isEmpty() ? "nobody's access changes"
                    : "affected users: " + users.size() + " (" + gaining + " gaining, " + losing + " losing)");
        }
        out.flush();
        return users.isEmpty() ? PolicyCommand.OK : PolicyCommand.FINDINGS;
    }

    private static void line(PrintWriter out, String sign, String what, List<String> names) {
        if (!names.isEmpty()) {
            out.println("    " + sign + " " + what + ": " + String.join(", ", names));
        }
    }

    private static Map<String, Object> access(EffectiveAccess access) {
        return Map.of("permissions", access.permissions(), "operations", access.operations());
    }

    /** The export as the engine's model: its catalog with the built-in permissions, its directory. */
    static AccountModel model(AccountExport export) {
        List<PermissionDef> permissions = new ArrayList<>();
        AdminCatalog.PERMISSIONS.forEach((name, operations) -> permissions.add(new PermissionDef(name, operations)));
        export.catalog().permissions().forEach((name, p) -> permissions.add(new PermissionDef(name, List.copyOf(p.operations()))));
        List<RoleDef> roles = new ArrayList<>();
        export.catalog().roles().forEach((name, r) -> roles.add(new RoleDef(name, List.copyOf(r.grants()), List.copyOf(r.inherits()))));
        return new AccountModel(export.account().isEmpty() ? "export" : export.account(), export.revision().orElse(0),
                permissions, roles, export.users(), export.groups(), export.assignments());
    }

    /** Applying the template: a put of each of its own permissions, then of each of its roles. */
    static List<ModelChange> changes(Template template) {
        List<ModelChange> changes = new ArrayList<>();
        template.permissions().stream().filter(p -> !AdminCatalog.reserved(p.name())).forEach(p -> changes.add(new ModelChange.PermissionPut(p)));
        template.roles().forEach(r -> changes.add(new ModelChange.RolePut(r)));
        return changes;
    }
}
