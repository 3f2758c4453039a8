package dev.rolegate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.policy.Template;
import dev.rolegate.policy.TemplateCatalog;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.token.Caller;
import dev.rolegate.token.CheckOperation;
import dev.rolegate.token.Declaration;
import dev.rolegate.token.PlatformOperation;
import dev.rolegate.token.Scope;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 item 1 and issue 12 item 4: every {@code /v1} endpoint declares once what it needs
 * ({@code @AdminOperation}, {@code @CheckOperation}, {@code @PlatformOperation}), the table below
 * is that declaration for every endpoint, and the one filter's decision
 * ({@link AdminGuard#authorize(Declaration, String, Caller, java.util.function.Supplier, Instant)})
 * on Rolegate's own engine lets every admin do exactly what their {@code rbac.*} permissions say.
 * Plain JUnit on a compiled snapshot: no service, no database. {@code AdminAuthorizationSmokeTest}
 * shows the filter in front of the real endpoints; {@code EscalationTest} the no-escalation and
 * owner rules.
 */
class AdminAuthorizationTest {

    private static final String ACCOUNT = "acme";

    /**
     * One endpoint: its OpenAPI operationId, method and path, its declaration and, for an admin
     * operation, the built-in permission that covers it.
     */
    record Row(String operationId, String method, String path, Declaration declared, String permission) {
    }

    private static Row admin(String id, String method, String path, String operation, String permission, Scope... or) {
        return new Row(id, method, path, new Declaration.Admin(operation, Set.of(or)), permission);
    }

    private static Row check(String id, String method, String path) {
        return new Row(id, method, path, new Declaration.Check(), null);
    }

    private static final String A = "/v1/accounts/{account}";

    /** The admin side of SCIM provisioning: tokens and settings (issue 15), all of {@code rbac.directory.write}. */
    private static final List<Row> SCIM_ADMIN = List.of(
            admin("getScimSettings", "GET", A + "/scim", "rbac.scim.read", "rbac.directory.write"),
            admin("putScimSettings", "PUT", A + "/scim", "rbac.scim.put", "rbac.directory.write"),
            admin("createScimToken", "POST", A + "/scim/tokens", "rbac.scim.tokens.create", "rbac.directory.write"),
            admin("listScimTokens", "GET", A + "/scim/tokens", "rbac.scim.tokens.read", "rbac.directory.write"),
            admin("revokeScimToken", "DELETE", A + "/scim/tokens/{tokenId}", "rbac.scim.tokens.revoke", "rbac.directory.write"));

    /** The declaration of every {@code /v1} endpoint. A new endpoint fails the test until it is added here. */
    static final List<Row> TABLE = java.util.stream.Stream.of(List.of(
            new Row("createAccount", "POST", "/v1/accounts", new Declaration.Platform(), null),
            admin("getAccount", "GET", A, "rbac.account.get", "rbac.account.read", Scope.PLATFORM),
            admin("listRoles", "GET", A + "/roles", "rbac.roles.list", "rbac.roles.read"),
            admin("getRole", "GET", A + "/roles/{role}", "rbac.roles.get", "rbac.roles.read"),
            admin("putRole", "PUT", A + "/roles/{role}", "rbac.roles.put", "rbac.roles.write"),
            admin("deleteRole", "DELETE", A + "/roles/{role}", "rbac.roles.delete", "rbac.roles.write"),
            admin("listRoleMembers", "GET", A + "/roles/{role}/members", "rbac.roles.members.list", "rbac.users.read"),
            admin("listPermissions", "GET", A + "/permissions", "rbac.permissions.list", "rbac.roles.read"),
            admin("getPermission", "GET", A + "/permissions/{permission}", "rbac.permissions.get", "rbac.roles.read"),
            admin("putPermission", "PUT", A + "/permissions/{permission}", "rbac.permissions.put", "rbac.roles.write"),
            admin("deletePermission", "DELETE", A + "/permissions/{permission}", "rbac.permissions.delete", "rbac.roles.write"),
            admin("listUsers", "GET", A + "/users", "rbac.users.list", "rbac.users.read"),
            admin("getUser", "GET", A + "/users/{user}", "rbac.users.get", "rbac.users.read"),
            admin("putUser", "PUT", A + "/users/{user}", "rbac.users.put", "rbac.users.write"),
            admin("deleteUser", "DELETE", A + "/users/{user}", "rbac.users.delete", "rbac.users.write"),
            admin("listUserRoles", "GET", A + "/users/{user}/roles", "rbac.users.roles.list", "rbac.users.read"),
            admin("getUserRole", "GET", A + "/users/{user}/roles/{role}", "rbac.users.roles.get", "rbac.users.read"),
            admin("assignUserRole", "PUT", A + "/users/{user}/roles/{role}", "rbac.users.roles.put", "rbac.assignments.write"),
            admin("revokeUserRole", "DELETE", A + "/users/{user}/roles/{role}", "rbac.users.roles.delete", "rbac.assignments.write"),
            admin("breakGlass", "PUT", A + "/users/{user}/break-glass/{role}", "rbac.breakglass.put", "rbac.breakglass.write"),
            check("getEffectivePermissions", "GET", A + "/users/{user}/permissions"),
            admin("getUserAccessPaths", "GET", A + "/users/{user}/access", "rbac.users.access.get", "rbac.users.read"),
            admin("getUserFixes", "GET", A + "/users/{user}/fixes", "rbac.users.fixes.get", "rbac.users.read"),
            admin("listAssignableRoles", "GET", A + "/assignable-roles", "rbac.assignable_roles.list", "rbac.users.read"),
            admin("listGroups", "GET", A + "/groups", "rbac.groups.list", "rbac.users.read"),
            admin("getGroup", "GET", A + "/groups/{group}", "rbac.groups.get", "rbac.users.read"),
            admin("putGroup", "PUT", A + "/groups/{group}", "rbac.groups.put", "rbac.groups.write"),
            admin("deleteGroup", "DELETE", A + "/groups/{group}", "rbac.groups.delete", "rbac.groups.write"),
            admin("listGroupMembers", "GET", A + "/groups/{group}/members", "rbac.groups.members.list", "rbac.users.read"),
            admin("getGroupMember", "GET", A + "/groups/{group}/members/{user}", "rbac.groups.members.get", "rbac.users.read"),
            admin("addGroupMember", "PUT", A + "/groups/{group}/members/{user}", "rbac.groups.members.put", "rbac.groups.write"),
            admin("removeGroupMember", "DELETE", A + "/groups/{group}/members/{user}", "rbac.groups.members.delete", "rbac.groups.write"),
            admin("listGroupRoles", "GET", A + "/groups/{group}/roles", "rbac.groups.roles.list", "rbac.users.read"),
            admin("getGroupRole", "GET", A + "/groups/{group}/roles/{role}", "rbac.groups.roles.get", "rbac.users.read"),
            admin("assignGroupRole", "PUT", A + "/groups/{group}/roles/{role}", "rbac.groups.roles.put", "rbac.assignments.write"),
            admin("revokeGroupRole", "DELETE", A + "/groups/{group}/roles/{role}", "rbac.groups.roles.delete", "rbac.assignments.write"),
            admin("listAuditEntries", "GET", A + "/audit", "rbac.audit.list", "rbac.audit.read"),
            admin("verifyAuditLog", "GET", A + "/audit/verify", "rbac.audit.verify", "rbac.audit.read"),
            admin("exportAuditLog", "GET", A + "/audit/export", "rbac.audit.export", "rbac.audit.read"),
            admin("listChanges", "GET", A + "/changes", "rbac.audit.list", "rbac.audit.read", Scope.CHECK),
            admin("watchChanges", "GET", A + "/changes/watch", "rbac.audit.list", "rbac.audit.read", Scope.CHECK),
            admin("previewChanges", "POST", A + "/changes/preview", "rbac.changes.preview", "rbac.users.read"),
            admin("getMatrix", "GET", A + "/matrix", "rbac.matrix.get", "rbac.roles.read"),
            // reading the SSO and LDAP settings needs the permission to write them (they hold the IdP's trust and the bind DN)
            admin("getSamlConfig", "GET", A + "/sso/saml", "rbac.sso.put", "rbac.sso.write"),
            admin("putSamlConfig", "PUT", A + "/sso/saml", "rbac.sso.put", "rbac.sso.write"),
            check("exchangeSsoCode", "POST", A + "/sso/token"),
            admin("getLdapSettings", "GET", A + "/directory/ldap", "rbac.directory.put", "rbac.directory.write"),
            admin("putLdapSettings", "PUT", A + "/directory/ldap", "rbac.directory.put", "rbac.directory.write"),
            admin("testLdapConnection", "POST", A + "/directory/ldap/test", "rbac.directory.put", "rbac.directory.write"),
            admin("runLdapSync", "POST", A + "/directory/ldap/sync", "rbac.directory.sync", "rbac.directory.write"),
            admin("listLdapSyncRuns", "GET", A + "/directory/ldap/runs", "rbac.directory.put", "rbac.directory.write"),
            admin("getLdapSyncRun", "GET", A + "/directory/ldap/runs/{run}", "rbac.directory.put", "rbac.directory.write"),
            admin("exportAccount", "GET", A + "/export", "rbac.account.export", "rbac.account.export"),
            admin("importAccount", "POST", A + "/import", "rbac.account.import", "rbac.account.import"),
            admin("createConsoleSession", "POST", A + "/console/sessions", "rbac.console.sessions.create", "rbac.account.read",
                    Scope.PLATFORM),
            admin("getConsoleSettings", "GET", A + "/console/settings", "rbac.console.settings.get", "rbac.account.read",
                    Scope.PLATFORM),
            admin("putConsoleSettings", "PUT", A + "/console/settings", "rbac.console.settings.put", "rbac.console.write",
                    Scope.PLATFORM),
            check("check", "POST", A + "/check"),
            check("batchCheck", "POST", A + "/check/batch"),
            check("listUsersAllowed", "GET", A + "/operations/{operation}/users")), SCIM_ADMIN).flatMap(List::stream).toList();

    /**
     * The declaration of every console page and action ({@code /console/{account}/...}, issue 13
     * item 8): authorized like the {@code /v1} call it stands beside, as the session's admin. The
     * link opener is the one console method without a declaration (the link is its credential).
     */
    private static final List<Row> CONSOLE_FRAME = List.of(
            new Row("ConsolePages.open", "GET", "/console/{account}/open", null, null),
            admin("ConsolePages.home", "GET", "/console/{account}/", "rbac.console.open", "rbac.account.read"),
            admin("ConsolePages.signOut", "POST", "/console/{account}/session/end", "rbac.console.open", "rbac.account.read"));

    /** The console's screens of users, a user and the assign dialog (issue 14). */
    private static final List<Row> CONSOLE_PEOPLE = List.of(
            admin("UserPages.list", "GET", "/console/{account}/users", "rbac.users.list", "rbac.users.read"),
            admin("UserPages.user", "GET", "/console/{account}/users/{user}", "rbac.users.access.get", "rbac.users.read"),
            admin("UserPages.why", "GET", "/console/{account}/users/{user}/why", "rbac.users.fixes.get", "rbac.users.read"),
            admin("UserPages.applyFix", "POST", "/console/{account}/users/{user}/fixes/apply", "rbac.users.roles.put",
                    "rbac.assignments.write"),
            admin("UserPages.assignDialog", "GET", "/console/{account}/users/{user}/assign", "rbac.assignable_roles.list",
                    "rbac.users.read"),
            admin("UserPages.preview", "POST", "/console/{account}/users/{user}/assign/preview", "rbac.changes.preview",
                    "rbac.users.read"),
            admin("UserPages.assign", "POST", "/console/{account}/users/{user}/roles/{role}", "rbac.users.roles.put",
                    "rbac.assignments.write"));

    /** The console's screens of roles, the matrix and groups (issue 14). */
    private static final List<Row> CONSOLE_ROLES = List.of(
            admin("RolePages.list", "GET", "/console/{account}/roles", "rbac.roles.list", "rbac.roles.read"),
            admin("RolePages.create", "POST", "/console/{account}/roles", "rbac.roles.put", "rbac.roles.write"),
            admin("RolePages.show", "GET", "/console/{account}/roles/{role}", "rbac.roles.get", "rbac.roles.read"),
            admin("RolePages.members", "GET", "/console/{account}/roles/{role}/members", "rbac.roles.members.list",
                    "rbac.users.read"),
            admin("RolePages.preview", "POST", "/console/{account}/roles/{role}/preview", "rbac.changes.preview", "rbac.users.read"),
            admin("RolePages.save", "POST", "/console/{account}/roles/{role}", "rbac.roles.put", "rbac.roles.write"),
            admin("MatrixPage.show", "GET", "/console/{account}/matrix", "rbac.matrix.get", "rbac.roles.read"),
            admin("GroupPages.list", "GET", "/console/{account}/groups", "rbac.groups.list", "rbac.users.read"),
            admin("GroupPages.create", "POST", "/console/{account}/groups", "rbac.groups.put", "rbac.groups.write"),
            admin("GroupPages.show", "GET", "/console/{account}/groups/{group}", "rbac.groups.get", "rbac.users.read"),
            admin("GroupPages.addMember", "POST", "/console/{account}/groups/{group}/members", "rbac.groups.members.put", "rbac.groups.write"),
            admin("GroupPages.removeMember", "DELETE", "/console/{account}/groups/{group}/members/{user}", "rbac.groups.members.delete",
                    "rbac.groups.write"),
            admin("GroupPages.assign", "POST", "/console/{account}/groups/{group}/roles", "rbac.groups.roles.put", "rbac.assignments.write"),
            admin("GroupPages.revoke", "DELETE", "/console/{account}/groups/{group}/roles/{role}", "rbac.groups.roles.delete",
                    "rbac.assignments.write"));

    /** The console's single sign-on wizard and sign-on to the console (issue 14). */
    private static final List<Row> CONSOLE_SSO = List.of(
            admin("SsoPages.show", "GET", "/console/{account}/sso", "rbac.sso.put", "rbac.sso.write"),
            admin("SsoPages.save", "POST", "/console/{account}/sso", "rbac.sso.put", "rbac.sso.write"),
            admin("SsoPages.startTest", "GET", "/console/{account}/sso/test", "rbac.sso.put", "rbac.sso.write"),
            admin("SsoPages.testResult", "GET", "/console/{account}/sso/test/{id}", "rbac.sso.put", "rbac.sso.write"),
            admin("SsoPages.setEnabled", "POST", "/console/{account}/sso/enabled", "rbac.sso.put", "rbac.sso.write"),
            // like the link opener: nobody is signed in yet; the IdP's answer at the ACS is the credential
            new Row("SsoPages.consoleLogin", "GET", "/console/{account}/sso/login", null, null));

    /** The console's directory (LDAP / Active Directory) setup, dry run, sync and runs (issue 14). */
    private static final List<Row> CONSOLE_DIRECTORY = List.of(
            admin("DirectoryPages.show", "GET", "/console/{account}/directory", "rbac.directory.put", "rbac.directory.write"),
            admin("DirectoryPages.save", "POST", "/console/{account}/directory", "rbac.directory.put", "rbac.directory.write"),
            admin("DirectoryPages.test", "POST", "/console/{account}/directory/test", "rbac.directory.put", "rbac.directory.write"),
            admin("DirectoryPages.sync", "POST", "/console/{account}/directory/sync", "rbac.directory.sync", "rbac.directory.write"),
            admin("DirectoryPages.runs", "GET", "/console/{account}/directory/runs", "rbac.directory.put", "rbac.directory.write"),
            admin("DirectoryPages.run", "GET", "/console/{account}/directory/runs/{run}", "rbac.directory.put", "rbac.directory.write"),
            admin("DirectoryPages.status", "GET", "/console/{account}/directory/runs/{run}/status", "rbac.directory.put",
                    "rbac.directory.write"));

    /** The console's audit log: entries, the chain's verification, export (issue 14). */
    private static final List<Row> CONSOLE_AUDIT = List.of(
            admin("AuditPages.list", "GET", "/console/{account}/audit", "rbac.audit.list", "rbac.audit.read"),
            admin("AuditPages.verify", "GET", "/console/{account}/audit/verify", "rbac.audit.verify", "rbac.audit.read"),
            admin("AuditPages.export", "GET", "/console/{account}/audit/export", "rbac.audit.export", "rbac.audit.read"));

    /** The console's account settings: framing origins and brand (issue 14). */
    private static final List<Row> CONSOLE_SETTINGS = List.of(
            admin("SettingsPages.show", "GET", "/console/{account}/settings", "rbac.console.settings.get", "rbac.account.read"),
            admin("SettingsPages.save", "POST", "/console/{account}/settings", "rbac.console.settings.put", "rbac.console.write"),
            admin("SettingsPages.brandCss", "GET", "/console/{account}/brand.css", "rbac.console.open", "rbac.account.read"),
            admin("SettingsPages.logo", "GET", "/console/{account}/brand/logo", "rbac.console.open", "rbac.account.read"));

    static final List<Row> CONSOLE_TABLE = java.util.stream.Stream.of(CONSOLE_FRAME, CONSOLE_PEOPLE, CONSOLE_ROLES,
            CONSOLE_SSO, CONSOLE_DIRECTORY, CONSOLE_AUDIT, CONSOLE_SETTINGS).flatMap(List::stream).toList();

    /** Catalog operations no endpoint performs yet (the DELETE of the SSO and LDAP settings is still to come). */
    private static final Set<String> NOT_YET_BEHIND_AN_ENDPOINT = Set.of("rbac.sso.delete", "rbac.directory.delete");

    private static Snapshot snapshot;
    private static final Map<String, Set<String>> HOLDS = new LinkedHashMap<>();

    /**
     * The account of the old HTTP matrix, compiled: the {@code saas-analytics} template, two custom
     * roles, and an admin, an auditor, a team lead, a viewer and a disabled admin.
     */
    @BeforeAll
    static void compileAccount() {
        Template template = TemplateCatalog.shipped().find("saas-analytics").orElseThrow();
        List<RoleDef> roles = new ArrayList<>(template.roles());
        roles.add(new RoleDef("auditor", List.of("rbac.account.read", "rbac.roles.read", "rbac.users.read", "rbac.audit.read"), List.of()));
        roles.add(new RoleDef("team-lead", List.of("rbac.users.read", "rbac.assignments.write"), List.of("viewer")));
        Map<String, String> roleOf = new LinkedHashMap<>();
        roleOf.put("owner", "owner");
        roleOf.put("adam", "admin");
        roleOf.put("audrey", "auditor");
        roleOf.put("lee", "team-lead");
        roleOf.put("vic", "viewer");
        roleOf.put("dora", "admin"); // disabled
        List<UserDef> users = roleOf.keySet().stream().map(u -> new UserDef(u, !u.equals("dora"))).toList();
        List<AssignmentDef> assignments = roleOf.entrySet().stream().map(e -> new AssignmentDef(AssigneeKind.USER,
                e.getKey(), e.getValue(), AssignmentSource.MANUAL, Validity.ALWAYS)).toList();
        snapshot = SnapshotCompiler.compile(new AccountModel(ACCOUNT, 7, template.permissions(), roles, users, List.of(), assignments));

        HOLDS.put("owner", AdminCatalog.PERMISSIONS.keySet());
        HOLDS.put("adam", Set.of("rbac.account.read", "rbac.roles.read", "rbac.roles.write", "rbac.users.read",
                "rbac.users.write", "rbac.groups.write", "rbac.assignments.write", "rbac.audit.read", "rbac.account.export"));
        HOLDS.put("audrey", Set.of("rbac.account.read", "rbac.roles.read", "rbac.users.read", "rbac.audit.read"));
        HOLDS.put("lee", Set.of("rbac.users.read", "rbac.assignments.write"));
        HOLDS.put("vic", Set.of());
        HOLDS.put("dora", Set.of());     // disabled: holds nothing
        HOLDS.put("stranger", Set.of()); // not a user of the account
    }

    @Test
    void everyV1EndpointDeclaresWhatTheTableSays() {
        Map<String, Row> declared = new TreeMap<>();
        for (Method method : v1ResourceMethods()) {
            Operation openApi = method.getAnnotation(Operation.class);
            String id = openApi == null ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : openApi.operationId();
            Row row = new Row(id, httpMethod(method), path(method), Declaration.of(method).orElse(null), null);
            assertEquals(null, declared.put(id, row), "two methods with operationId " + id);
        }
        Map<String, Row> expected = new TreeMap<>();
        TABLE.forEach(r -> expected.put(r.operationId(), new Row(r.operationId(), r.method(), r.path(), r.declared(), null)));
        assertEquals(expected, declared);
    }

    @Test
    void everyConsoleMethodDeclaresWhatTheConsoleTableSays() {
        Map<String, Row> declared = new TreeMap<>();
        for (Method method : resourceMethods("/console/")) {
            String id = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            declared.put(id, new Row(id, httpMethod(method), path(method), Declaration.of(method).orElse(null), null));
        }
        Map<String, Row> expected = new TreeMap<>();
        CONSOLE_TABLE.forEach(r -> expected.put(r.operationId(), new Row(r.operationId(), r.method(), r.path(), r.declared(), null)));
        assertEquals(expected, declared);
    }

    @Test
    void theTableCoversEveryV1OperationOfTheServedDocument() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(java.nio.file.Path.of("src/test/resources/openapi/openapi.json").toFile());
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/v1")) {
                path.getValue().fields().forEachRemaining(op -> {
                    if (op.getValue().has("operationId")) {
                        documented.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + op.getValue().get("operationId").asText());
                    }
                });
            }
        });
        Set<String> table = new TreeSet<>();
        TABLE.forEach(r -> table.add(r.method() + " " + r.path() + " " + r.operationId()));
        assertEquals(documented, table);
    }

    @Test
    void everyDeclaredOperationIsOneOfItsPermissionInTheLoadedCatalog() {
        Set<String> performed = new TreeSet<>();
        for (Row row : java.util.stream.Stream.concat(TABLE.stream(), CONSOLE_TABLE.stream()).toList()) {
            if (row.declared() instanceof Declaration.Admin a) {
                List<String> listedBy = AdminCatalog.PERMISSIONS.entrySet().stream()
                        .filter(e -> e.getValue().contains(a.operation())).map(Map.Entry::getKey).toList();
                assertEquals(List.of(row.permission()), listedBy, row.operationId() + " " + a.operation());
                performed.add(a.operation());
            }
        }
        Set<String> unused = new TreeSet<>();
        AdminCatalog.PERMISSIONS.values().forEach(unused::addAll);
        unused.removeAll(performed);
        assertEquals(new TreeSet<>(NOT_YET_BEHIND_AN_ENDPOINT), unused, "catalog operations no endpoint declares");
    }

    @Test
    void everyAdminUserMayDoExactlyWhatTheirAdminPermissionsSay() {
        List<String> failures = new ArrayList<>();
        int decisions = 0;
        for (Map.Entry<String, Set<String>> who : HOLDS.entrySet()) {
            Caller caller = new Caller(who.getKey(), Optional.of(ACCOUNT), Set.of(Scope.ADMIN));
            for (Row row : TABLE) {
                Optional<ProblemException> refused = decide(row, caller);
                decisions++;
                boolean allowed = row.declared() instanceof Declaration.Admin
                        ? who.getValue().contains(row.permission())
                        : row.declared() instanceof Declaration.Check; // an admin token may check, never create accounts
                if (allowed == refused.isPresent()) {
                    failures.add(who.getKey() + " " + row.operationId() + ": " + refused.map(e -> e.problem().detail()).orElse("allowed"));
                } else if (refused.isPresent()) {
                    String detail = refused.get().problem().detail();
                    String expectedDetail = row.declared() instanceof Declaration.Platform ? "rbac:platform"
                            : who.getKey().equals("dora") ? "is disabled"
                            : who.getKey().equals("stranger") ? "not a user of this account"
                            : row.permission();
                    if (refused.get().problem().status() != 403 || !detail.contains(expectedDetail)) {
                        failures.add(who.getKey() + " " + row.operationId() + ": " + refused.get().problem().status() + " " + detail);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(HOLDS.size() * TABLE.size(), decisions);
    }

    @Test
    void otherTokensGetWhatTheirScopeAndAccountAllow() {
        Caller check = new Caller("service", Optional.of(ACCOUNT), Set.of(Scope.CHECK));
        Caller platform = new Caller("operator", Optional.empty(), Set.of(Scope.PLATFORM));
        Caller otherAdmin = new Caller("owner", Optional.of("other"), Set.of(Scope.ADMIN));
        Caller otherCheck = new Caller("service", Optional.of("other"), Set.of(Scope.CHECK));
        Caller noScope = new Caller("owner", Optional.of(ACCOUNT), Set.of());
        List<String> failures = new ArrayList<>();
        for (Row row : TABLE) {
            Set<Scope> or = row.declared() instanceof Declaration.Admin a ? a.orScopes() : Set.of();
            boolean isCheck = row.declared() instanceof Declaration.Check;
            boolean isPlatform = row.declared() instanceof Declaration.Platform;
            expect(failures, row, "check token", check, isCheck || or.contains(Scope.CHECK));
            expect(failures, row, "platform token", platform, isPlatform || or.contains(Scope.PLATFORM));
            expect(failures, row, "admin token of another account", otherAdmin, false);
            expect(failures, row, "check token of another account", otherCheck, false);
            expect(failures, row, "token without a scope", noScope, false);
        }
        assertEquals(List.of(), failures);
        // a token of another account learns nothing, not even whether the account exists
        ProblemException e = assertThrows(ProblemException.class, () -> AdminGuard.authorize(
                new Declaration.Admin("rbac.roles.list"), ACCOUNT, otherAdmin, () -> null, Instant.EPOCH));
        assertEquals(403, e.problem().status());
        // its own token is told that its account does not exist, whatever its scope
        for (Caller own : List.of(new Caller("owner", Optional.of(ACCOUNT), Set.of(Scope.ADMIN)), check, noScope)) {
            e = assertThrows(ProblemException.class, () -> AdminGuard.authorize(
                    new Declaration.Admin("rbac.roles.list"), ACCOUNT, own, () -> null, Instant.EPOCH));
            assertEquals("account_not_found", e.problem().code(), own.toString());
        }
    }

    static class Undeclared {
        @jakarta.ws.rs.GET
        public void nothing() {
        }

        @CheckOperation
        @PlatformOperation
        public void both() {
        }
    }

    @Test
    void anEndpointWithoutExactlyOneDeclarationIsRefusedToEveryone() throws NoSuchMethodException {
        assertEquals(Optional.empty(), Declaration.of(Undeclared.class.getMethod("nothing")));
        assertEquals(Optional.empty(), Declaration.of(Undeclared.class.getMethod("both")));
        for (Caller caller : List.of(new Caller("owner", Optional.of(ACCOUNT), Set.of(Scope.ADMIN, Scope.CHECK, Scope.PLATFORM)),
                new Caller("operator", Optional.empty(), Set.of(Scope.PLATFORM)))) {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> AdminGuard.authorize(null, ACCOUNT, caller, () -> snapshot, Instant.EPOCH));
            assertEquals(403, e.problem().status());
            assertTrue(e.problem().detail().contains("declares no operation"), e.problem().detail());
        }
        // an account operation on a path without {account}: refused too
        assertThrows(ProblemException.class, () -> AdminGuard.authorize(new Declaration.Check(), null,
                new Caller("service", Optional.of(ACCOUNT), Set.of(Scope.CHECK)), () -> snapshot, Instant.EPOCH));
    }

    private static void expect(List<String> failures, Row row, String who, Caller caller, boolean allowed) {
        Optional<ProblemException> refused = decide(row, caller);
        if (allowed == refused.isPresent() || refused.isPresent() && refused.get().problem().status() != 403) {
            failures.add(who + " " + row.operationId() + ": " + refused.map(e -> e.problem().status() + " " + e.problem().detail()).orElse("allowed"));
        }
    }

    private static Optional<ProblemException> decide(Row row, Caller caller) {
        try {
            AdminGuard.authorize(row.declared(), ACCOUNT, caller, () -> snapshot, Instant.parse("2026-01-01T00:00:00Z"));
            return Optional.empty();
        } catch (ProblemException e) {
            return Optional.of(e);
        }
    }

    /**
     * Every resource method under {@code /v1}, found in the compiled main classes
     * ({@code target/classes}, loaded without initializing them).
     */
    private static List<Method> v1ResourceMethods() {
        return resourceMethods("/v1");
    }

    /** Every resource method whose path starts with {@code prefix}, found as {@link #v1ResourceMethods()} finds them. */
    private static List<Method> resourceMethods(String prefix) {
        java.nio.file.Path root = java.nio.file.Path.of("target/classes");
        List<Method> methods = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(root.resolve("dev/rolegate"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        AdminAuthorizationTest.class.getClassLoader());
                if (!type.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (httpMethod(m) != null && path(m).startsWith(prefix)) {
                        methods.add(m);
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return methods;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String path(Method method) {
        String base = method.getDeclaringClass().getAnnotation(Path.class).value();
        Path sub = method.getAnnotation(Path.class);
        return sub == null ? base : base + "/" + sub.value();
    }
}
