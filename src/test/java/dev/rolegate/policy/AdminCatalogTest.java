package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The built-in rbac.* catalog ({@code policies/builtin/rbac.yaml}): the names issues 3 and 7 fix, unchanged by its
 * move out of code, and the migrations' backfills in step with it.
 */
class AdminCatalogTest {

    @Test
    void holdsThePermissionsTheIssueNames() {
        assertTrue(AdminCatalog.PERMISSIONS.keySet().containsAll(List.of("rbac.account.read", "rbac.roles.read",
                "rbac.roles.write", "rbac.users.read", "rbac.users.write", "rbac.groups.write", "rbac.assignments.write",
                "rbac.audit.read", "rbac.sso.write", "rbac.directory.write", "rbac.account.export", "rbac.account.import")));
        assertEquals(AdminCatalog.PERMISSIONS.keySet(), AdminCatalog.DESCRIPTIONS.keySet());
        AdminCatalog.PERMISSIONS.values().forEach(ops -> ops.forEach(op -> assertTrue(AdminCatalog.reserved(op), op)));
    }

    @Test
    void theCatalogLoadedFromPoliciesIsTheOneThatWasInCode() {
        // issue 12 item 4: the catalog moved from code (AdminCatalog until then) to policies/builtin/rbac.yaml unchanged;
        // issue 13 item 2 added rbac.roles.members.list, item 7 rbac.audit.export
        Map<String, List<String>> p = new LinkedHashMap<>();
            p.put("rbac.account.read", List.of("rbac.account.get"));
            p.put("rbac.roles.read", List.of("rbac.roles.list", "rbac.roles.get", "rbac.permissions.list", "rbac.permissions.get",
                    "rbac.matrix.get"));
            p.put("rbac.roles.write", List.of("rbac.roles.put", "rbac.roles.delete", "rbac.permissions.put", "rbac.permissions.delete"));
            p.put("rbac.users.read", List.of("rbac.users.list", "rbac.users.get", "rbac.users.roles.list", "rbac.users.roles.get",
                    "rbac.groups.list", "rbac.groups.get", "rbac.groups.members.list", "rbac.groups.members.get",
                    "rbac.groups.roles.list", "rbac.groups.roles.get", "rbac.users.access.get",
                    "rbac.users.fixes.get", "rbac.assignable_roles.list", "rbac.changes.preview",
                    "rbac.roles.members.list"));
            p.put("rbac.users.write", List.of("rbac.users.put", "rbac.users.delete"));
            p.put("rbac.groups.write", List.of("rbac.groups.put", "rbac.groups.delete", "rbac.groups.members.put",
                    "rbac.groups.members.delete"));
            p.put("rbac.assignments.write", List.of("rbac.users.roles.put", "rbac.users.roles.delete",
                    "rbac.groups.roles.put", "rbac.groups.roles.delete"));
            p.put("rbac.breakglass.write", List.of("rbac.breakglass.put"));
            p.put("rbac.audit.read", List.of("rbac.audit.list", "rbac.audit.verify", "rbac.audit.export"));
            p.put("rbac.sso.write", List.of("rbac.sso.put", "rbac.sso.delete"));
            p.put("rbac.directory.write", List.of("rbac.directory.put", "rbac.directory.delete", "rbac.directory.sync"));
            p.put("rbac.account.export", List.of("rbac.account.export"));
            p.put("rbac.account.import", List.of("rbac.account.import"));
            // issue 14 item 3: where the console may be framed, and its brand
            p.put("rbac.console.write", List.of("rbac.console.settings.put"));
        // later issues add operations to these permissions (issue 13: rbac.console.*); none moved or went away
        assertEquals(List.copyOf(p.keySet()), List.copyOf(AdminCatalog.PERMISSIONS.keySet()));
        p.forEach((permission, operations) -> assertEquals(operations,
                AdminCatalog.PERMISSIONS.get(permission).subList(0, operations.size()), permission));
        assertEquals(Map.ofEntries(
                Map.entry("rbac.account.read", "Read the account"),
                Map.entry("rbac.roles.read", "Read roles and the permission catalog"),
                Map.entry("rbac.roles.write", "Create, change and delete roles and permissions"),
                Map.entry("rbac.users.read", "Read users, groups, members and assignments"),
                Map.entry("rbac.users.write", "Create, change and delete users"),
                Map.entry("rbac.groups.write", "Create, change and delete groups and their members"),
                Map.entry("rbac.assignments.write", "Assign and revoke roles of users and groups"),
                Map.entry("rbac.audit.read", "Read and verify the audit log"),
                Map.entry("rbac.breakglass.write", "Grant time-boxed emergency role assignments (owners)"),
                Map.entry("rbac.sso.write", "Configure SAML single sign-on"),
                Map.entry("rbac.directory.write", "Configure and run LDAP directory sync"),
                Map.entry("rbac.account.export", "Export the account's catalog, users, groups and assignments"),
                Map.entry("rbac.account.import", "Replace the account's catalog, users, groups and assignments from an export (owners)"),
                Map.entry("rbac.console.write", "Set where the console may be embedded, and its brand (owners)")),
                AdminCatalog.DESCRIPTIONS);
    }

    @Test
    void theBuiltInFileDeclaresOnlyReservedNamesAndNoRoles() {
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> TemplateLoader.loadBuiltIn(getClass().getClassLoader(), "policy-fixtures/builtin/rbac.yaml"));
        assertEquals(List.of("reserved_name", "reserved_name", "unknown_key"),
                e.problems().stream().map(PolicyProblem::code).toList(), e.getMessage());
    }

    @Test
    void theMigrationsBackfillExactlyThisCatalog() throws IOException {
        List<String> fromSql = new ArrayList<>();
        List<Path> migrations;
        try (var files = Files.list(Path.of("migrations"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).sorted().toList();
        }
        for (Path file : migrations) {
            String sql = Files.readString(file);
            int at = sql.indexOf("INSERT INTO permission_operation");
            if (at < 0) {
                continue;
            }
            String links = sql.substring(at);
            Matcher m = Pattern.compile("\\('(rbac\\.[^']+)', '(rbac\\.[^']+)'\\)").matcher(links);
            while (m.find()) {
                fromSql.add(m.group(1) + " " + m.group(2));
            }
        }
        List<String> fromCode = new ArrayList<>();
        AdminCatalog.PERMISSIONS.forEach((p, ops) -> ops.forEach(op -> fromCode.add(p + " " + op)));
        // every migration that backfills catalog links, in version order; each link exactly once
        assertEquals(fromCode.stream().sorted().toList(), fromSql.stream().sorted().toList());
    }
}
