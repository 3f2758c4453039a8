package dev.rolegate.policy;

import dev.rolegate.engine.PermissionDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in permission catalog for administering Rolegate itself (issue 3, item 1): Rolegate
 * authorizes its own admin API with its own engine, so every account holds these permissions,
 * whatever its template, and every admin API call is one of their operations. The names under
 * {@code rbac.} are reserved: a template may grant them but not declare them.
 */
public final class AdminCatalog {

    /** The prefix every built-in permission and operation starts with. */
    public static final String PREFIX = "rbac.";

    /** Permission → the admin operations it covers, one operation per admin API call. */
    public static final Map<String, List<String>> PERMISSIONS = permissions();

    /** Permission → description. */
    public static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
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
            Map.entry("rbac.account.import", "Replace the account's catalog, users, groups and assignments from an export (owners)"));

    private AdminCatalog() {
    }

    private static Map<String, List<String>> permissions() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("rbac.account.read", List.of("rbac.account.get"));
        p.put("rbac.roles.read", List.of("rbac.roles.list", "rbac.roles.get", "rbac.permissions.list", "rbac.permissions.get"));
        p.put("rbac.roles.write", List.of("rbac.roles.put", "rbac.roles.delete", "rbac.permissions.put", "rbac.permissions.delete"));
        p.put("rbac.users.read", List.of("rbac.users.list", "rbac.users.get", "rbac.users.roles.list", "rbac.users.roles.get",
                "rbac.groups.list", "rbac.groups.get", "rbac.groups.members.list", "rbac.groups.members.get",
                "rbac.groups.roles.list", "rbac.groups.roles.get"));
        p.put("rbac.users.write", List.of("rbac.users.put", "rbac.users.delete"));
        p.put("rbac.groups.write", List.of("rbac.groups.put", "rbac.groups.delete", "rbac.groups.members.put",
                "rbac.groups.members.delete"));
        p.put("rbac.assignments.write", List.of("rbac.users.roles.put", "rbac.users.roles.delete",
                "rbac.groups.roles.put", "rbac.groups.roles.delete"));
        p.put("rbac.breakglass.write", List.of("rbac.breakglass.put"));
        p.put("rbac.audit.read", List.of("rbac.audit.list", "rbac.audit.verify"));
        p.put("rbac.sso.write", List.of("rbac.sso.put", "rbac.sso.delete"));
        p.put("rbac.directory.write", List.of("rbac.directory.put", "rbac.directory.delete", "rbac.directory.sync"));
        p.put("rbac.account.export", List.of("rbac.account.export"));
        p.put("rbac.account.import", List.of("rbac.account.import"));
        return java.util.Collections.unmodifiableMap(p);
    }

    /** The catalog as engine definitions, in declaration order. */
    public static List<PermissionDef> definitions() {
        return PERMISSIONS.entrySet().stream().map(e -> new PermissionDef(e.getKey(), e.getValue())).toList();
    }

    /** True for a name in the reserved {@code rbac.} namespace. */
    public static boolean reserved(String name) {
        return name.startsWith(PREFIX);
    }
}
