package dev.rolegate.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.access.AccessLimits;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.transfer.api.AccountExport;
import dev.rolegate.transfer.api.AccountExport.Assignment;
import dev.rolegate.transfer.api.AccountExport.Group;
import dev.rolegate.transfer.api.AccountExport.Permission;
import dev.rolegate.transfer.api.AccountExport.Role;
import dev.rolegate.transfer.api.AccountExport.User;
import dev.rolegate.transfer.api.ImportResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The import document's checks and normal form, and the plan between two documents, without a database. */
class ImportValidatorTest {

    private static final AccessLimits LIMITS = new AccessLimits() {
        public int rolesPerAccount() { return 3; }
        public int grantsPerRole() { return 4; }
        public int inheritsPerRole() { return 2; }
        public int inheritanceDepth() { return 2; }
        public Duration breakGlassMax() { return Duration.ofHours(4); }
        public int operationsPerPermission() { return 3; }
    };

    private static AccountExport doc(java.util.SortedMap<String, Permission> permissions, java.util.SortedMap<String, Role> roles, List<User> users,
                                     List<Group> groups, List<Assignment> assignments) {
        return new AccountExport(AccountExport.FORMAT, 1, null, null, null, new AccountExport.Catalog(permissions, roles),
                users, groups, assignments);
    }

    private static AccountExport sample() {
        TreeMap<String, Permission> permissions = new TreeMap<>();
        permissions.put("report.view", new Permission("", List.of("report.open", "report.list", "report.open")));
        TreeMap<String, Role> roles = new TreeMap<>();
        roles.put("viewer", new Role(null, List.of("report.view", "rbac.account.import"), null));
        roles.put("lead", new Role("Leads", List.of("report.*"), List.of("viewer")));
        return doc(permissions, roles,
                List.of(new User("zoe", null, null, null, null, null, null), new User("amy", "amy@example.test", "Amy", "disabled", "ldap", "g-1", "uid=amy")),
                List.of(new Group("team", null, null, null, null, List.of("zoe", "amy", "zoe"))),
                List.of(new Assignment(null, "team", "viewer", null, null, null),
                        new Assignment("zoe", null, "lead", "manual", Instant.parse("2026-01-01T00:00:00.123456789Z"), null)));
    }

    @Test
    void normalizesToTheExportForm() {
        AccountExport n = new ImportValidator(LIMITS).normalize(sample());
        assertEquals(new Permission(null, List.of("report.list", "report.open")), n.catalog().permissions().get("report.view"));
        assertEquals(List.of("rbac.account.import", "report.view"), n.catalog().roles().get("viewer").grants());
        assertEquals(List.of(), n.catalog().roles().get("viewer").inherits());
        assertEquals(List.of("amy", "zoe"), n.users().stream().map(User::id).toList());
        assertEquals(new User("zoe", null, null, "active", "local", null, null), n.users().get(1));
        assertEquals(List.of("amy", "zoe"), n.groups().get(0).members());
        assertEquals("local", n.groups().get(0).source());
        // user assignments first; source defaults to manual; times to the microsecond
        assertEquals(new Assignment("zoe", null, "lead", "manual", Instant.parse("2026-01-01T00:00:00.123456Z"), null), n.assignments().get(0));
        assertEquals("manual", n.assignments().get(1).source());
    }

    @Test
    void compilesWithTheBuiltInCatalog() {
        ImportValidator validator = new ImportValidator(LIMITS);
        AccountExport n = validator.normalize(sample());
        var snapshot = validator.compile("acme", n, sample());
        assertTrue(snapshot.check("zoe", new Target.Operation("rbac.account.import"), Instant.parse("2026-02-01T00:00:00Z")).allowed());
        assertTrue(!snapshot.check("amy", new Target.Operation("report.open"), Instant.parse("2026-02-01T00:00:00Z")).allowed());
    }

    @Test
    void collectsEveryShapeProblemWithItsPointer() {
        AccountExport s = sample();
        TreeMap<String, Permission> permissions = new TreeMap<>(s.catalog().permissions());
        permissions.put("rbac.roles.read", new Permission(null, null));
        permissions.put("big", new Permission(null, List.of("a", "b", "c", "d")));
        AccountExport bad = doc(permissions, s.catalog().roles(),
                List.of(new User("zoe", "not-an-email", null, "asleep", "okta", null, null), new User("zoe", null, null, null, null, null, null)),
                s.groups(), List.of(new Assignment("zoe", "team", "viewer", null, null, null),
                        new Assignment("zoe", null, "viewer", "manual", Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"))));
        ProblemException e = assertThrows(ProblemException.class, () -> new ImportValidator(LIMITS).normalize(bad));
        assertEquals(400, e.problem().status());
        assertEquals(List.of("/catalog/permissions/big/operations", "/catalog/permissions/rbac.roles.read", "/users/0/email",
                        "/users/0/status", "/users/0/source", "/users/1/id", "/assignments/0", "/assignments/1/expiresAt"),
                e.problem().errors().stream().map(FieldError::pointer).toList());
    }

    @Test
    void refusesWhatTheEngineRefusesAndTheAccountWideLimits() {
        AccountExport s = sample();
        TreeMap<String, Role> roles = new TreeMap<>(s.catalog().roles());
        roles.put("viewer", new Role(null, List.of("report.view"), List.of("lead")));
        AccountExport cycle = doc(s.catalog().permissions(), roles, s.users(), s.groups(), s.assignments());
        ImportValidator validator = new ImportValidator(LIMITS);
        ProblemException e = assertThrows(ProblemException.class, () -> validator.compile("acme", validator.normalize(cycle), cycle));
        assertEquals("invalid_export", e.problem().code());
        assertTrue(e.problem().errors().get(0).message().startsWith("role_cycle"), e.problem().errors().toString());

        TreeMap<String, Role> deep = new TreeMap<>(s.catalog().roles());
        deep.put("chief", new Role(null, List.of(), List.of("lead")));
        AccountExport tooDeep = doc(s.catalog().permissions(), deep, s.users(), s.groups(), s.assignments());
        e = assertThrows(ProblemException.class, () -> validator.compile("acme", validator.normalize(tooDeep), tooDeep));
        assertEquals("inheritance_too_deep", e.problem().code());

        deep.put("extra", new Role(null, List.of(), List.of()));
        AccountExport tooMany = doc(s.catalog().permissions(), deep, s.users(), s.groups(), s.assignments());
        e = assertThrows(ProblemException.class, () -> validator.compile("acme", validator.normalize(tooMany), tooMany));
        assertEquals("too_many_roles", e.problem().code());
    }

    @Test
    void thePlanCountsEachKind() {
        ImportValidator validator = new ImportValidator(LIMITS);
        AccountExport before = validator.normalize(sample());
        AccountExport s = sample();
        TreeMap<String, Role> roles = new TreeMap<>(s.catalog().roles());
        roles.put("lead", new Role("Leads, renamed", List.of("report.*"), List.of("viewer")));
        AccountExport after = validator.normalize(doc(new TreeMap<>(), roles,
                List.of(s.users().get(0), new User("bea", null, null, null, null, null, null)),
                List.of(new Group("team", "Team", null, null, null, List.of("bea", "zoe"))),
                List.of(new Assignment("zoe", null, "lead", "manual", null, null))));
        ImportResponse.Changes changes = ImportPlan.between(before, after).changes();
        assertEquals(new ImportResponse.Counts(0, 0, 1, 0), changes.permissions());
        assertEquals(new ImportResponse.Counts(0, 1, 0, 1), changes.roles());
        assertEquals(new ImportResponse.Counts(1, 0, 1, 1), changes.users());
        assertEquals(new ImportResponse.Counts(0, 1, 0, 0), changes.groups());
        assertEquals(new ImportResponse.Counts(1, 0, 1, 1), changes.memberships());
        assertEquals(new ImportResponse.Counts(0, 1, 1, 0), changes.assignments());
    }
}
