package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SnapshotCompiler#compile} rejects bad models with every problem at once. */
class ModelValidationTest {

    private static final List<PermissionDef> CATALOG = List.of(
            new PermissionDef("report.view", List.of("report.open")),
            new PermissionDef("report.edit", List.of("report.rename")));

    private static AccountModel model(List<PermissionDef> permissions, List<RoleDef> roles, List<UserDef> users,
            List<GroupDef> groups, List<AssignmentDef> assignments) {
        return new AccountModel("acme", 1, permissions, roles, users, groups, assignments);
    }

    private static AccountModel roles(RoleDef... roles) {
        return model(CATALOG, List.of(roles), List.of(), List.of(), List.of());
    }

    private static RoleDef role(String name, List<String> grants, List<String> inherits) {
        return new RoleDef(name, grants, inherits);
    }

    private static List<ModelProblem> problems(AccountModel model) {
        return assertThrows(ModelException.class, () -> SnapshotCompiler.compile(model)).problems();
    }

    private static ModelProblem single(AccountModel model) {
        List<ModelProblem> problems = problems(model);
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    @Test
    void aCycleIsRejectedAndSpeltOut() {
        ModelProblem problem = single(roles(
                role("a", List.of(), List.of("b")),
                role("b", List.of(), List.of("c")),
                role("c", List.of("report.view"), List.of("a"))));
        assertEquals(ModelProblem.ROLE_CYCLE, problem.code());
        assertEquals("a", problem.subject());
        assertEquals("role inheritance cycle: a -> b -> c -> a", problem.message());
    }

    @Test
    void aRoleInheritingItselfIsACycle() {
        ModelProblem problem = single(roles(role("self", List.of(), List.of("self"))));
        assertEquals(ModelProblem.ROLE_CYCLE, problem.code());
        assertTrue(problem.message().contains("self -> self"), problem.message());
    }

    @Test
    void aDiamondIsNotACycle() {
        Snapshot snapshot = SnapshotCompiler.compile(model(CATALOG, List.of(
                        role("top", List.of(), List.of("left", "right")),
                        role("left", List.of(), List.of("bottom")),
                        role("right", List.of("report.edit"), List.of("bottom")),
                        role("bottom", List.of("report.view"), List.of())),
                List.of(new UserDef("u", true)), List.of(),
                List.of(new AssignmentDef(AssigneeKind.USER, "u", "top", AssignmentSource.MANUAL, Validity.ALWAYS))));
        assertEquals(List.of("report.edit", "report.view"),
                snapshot.effectiveAccess("u", Instant.parse("2026-06-01T00:00:00Z")).permissions());
    }

    @Test
    void aGrantOfAPermissionOutsideTheCatalogIsRejected() {
        ModelProblem problem = single(roles(role("analyst", List.of("report.view", "report.edti"), List.of())));
        assertEquals(ModelProblem.UNKNOWN_PERMISSION, problem.code());
        assertEquals("analyst", problem.subject());
        assertTrue(problem.message().contains("\"report.edti\""), problem.message());
    }

    @Test
    void wildcardsMatchingNothingAreFine() {
        Snapshot snapshot = SnapshotCompiler.compile(roles(role("future", List.of("billing.*"), List.of())));
        assertEquals("acme", snapshot.account());
        assertEquals(1, snapshot.revision());
    }

    @Test
    void inheritingAnUnknownRoleIsRejected() {
        ModelProblem problem = single(roles(role("analyst", List.of(), List.of("viewr"))));
        assertEquals(ModelProblem.UNKNOWN_ROLE, problem.code());
        assertEquals("analyst", problem.subject());
        assertTrue(problem.message().contains("\"viewr\""), problem.message());
    }

    @Test
    void badNamesAreRejected() {
        List<ModelProblem> problems = problems(model(
                List.of(new PermissionDef("Report.View", List.of()),
                        new PermissionDef("report.view", List.of("report open"))),
                List.of(role("Admin", List.of(), List.of()),
                        role("analyst", List.of("report*", "report.view"), List.of("-"))),
                List.of(new UserDef("a b", true), new UserDef(".", true), new UserDef("x".repeat(257), true),
                        new UserDef("ok@example.test", true)),
                List.of(new GroupDef("..", List.of()), new GroupDef("cn=pm", List.of())),
                List.of()));
        assertEquals(List.of(
                "invalid_name Report.View", "invalid_name report.view", "invalid_name Admin",
                "invalid_name analyst", "invalid_name analyst", "invalid_name a b", "invalid_name .",
                "invalid_name " + "x".repeat(257), "invalid_name ..", "invalid_name cn=pm"),
                problems.stream().map(p -> p.code() + " " + p.subject()).toList());
        assertTrue(problems.get(1).message().contains("\"report open\""), problems.get(1).message());
    }

    @Test
    void nameLengthLimitsAreInclusive() {
        String name = "p" + "x".repeat(Names.MAX_NAME_LENGTH - 1);
        SnapshotCompiler.compile(model(List.of(new PermissionDef(name, List.of(name))), List.of(),
                List.of(new UserDef("u".repeat(Names.MAX_USER_ID_LENGTH), true)), List.of(), List.of()));
        ModelProblem problem = single(model(List.of(new PermissionDef(name + "x", List.of())), List.of(), List.of(),
                List.of(), List.of()));
        assertEquals(ModelProblem.INVALID_NAME, problem.code());
    }

    @Test
    void duplicatesAreReportedOncePerName() {
        List<ModelProblem> problems = problems(model(
                List.of(CATALOG.get(0), CATALOG.get(0), CATALOG.get(1)),
                List.of(role("viewer", List.of(), List.of()), role("viewer", List.of(), List.of()),
                        role("viewer", List.of("report.view"), List.of())),
                List.of(new UserDef("bob", true), new UserDef("bob", false)),
                List.of(new GroupDef("pm", List.of()), new GroupDef("pm", List.of("bob"))),
                List.of()));
        assertEquals(List.of("duplicate_name report.view", "duplicate_name viewer", "duplicate_name bob",
                "duplicate_name pm"), problems.stream().map(p -> p.code() + " " + p.subject()).toList());
    }

    @Test
    void assignmentsToUnknownUsersGroupsOrRolesAreRejected() {
        List<ModelProblem> problems = problems(model(CATALOG, List.of(role("viewer", List.of("report.view"), List.of())),
                List.of(new UserDef("bob", true)), List.of(new GroupDef("pm", List.of("bob", "not-a-user"))),
                List.of(new AssignmentDef(AssigneeKind.USER, "alice", "viewer", AssignmentSource.MANUAL, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.GROUP, "qa", "viewer", AssignmentSource.LDAP, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.USER, "bob", "editor", AssignmentSource.MANUAL, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.GROUP, "bob", "viewer", AssignmentSource.SAML, Validity.ALWAYS))));
        assertEquals(List.of("unknown_subject alice", "unknown_subject qa", "unknown_role editor", "unknown_subject bob"),
                problems.stream().map(p -> p.code() + " " + p.subject()).toList());
        assertTrue(problems.get(1).message().contains("no such group"), problems.get(1).message());
    }

    @Test
    void everyProblemIsCollectedAtOnce() {
        ModelException e = assertThrows(ModelException.class, () -> SnapshotCompiler.compile(model(
                List.of(CATALOG.get(0), CATALOG.get(0), new PermissionDef("Bad", List.of())),
                List.of(role("a", List.of("nope"), List.of("b")), role("b", List.of("report.view"), List.of("a")),
                        role("c", List.of(), List.of("missing"))),
                List.of(new UserDef("bob", true), new UserDef("bob", true)),
                List.of(),
                List.of(new AssignmentDef(AssigneeKind.USER, "eve", "zzz", AssignmentSource.MANUAL, Validity.ALWAYS)))));
        assertEquals(List.of("duplicate_name", "invalid_name", "unknown_permission", "unknown_role", "role_cycle",
                "duplicate_name", "unknown_subject", "unknown_role"), e.problems().stream().map(ModelProblem::code).toList());
        assertEquals("permission \"report.view\" is defined more than once (and 7 more)", e.getMessage());
        assertEquals("role inheritance cycle: a -> b -> a", e.problems().get(4).message());
    }
}
