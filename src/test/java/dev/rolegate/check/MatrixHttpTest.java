package dev.rolegate.check;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.RoleService;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.matrix.MatrixLoader;
import dev.rolegate.matrix.MatrixScenario;
import dev.rolegate.matrix.MatrixScenario.AddGroupMember;
import dev.rolegate.matrix.MatrixScenario.AssignGroupRole;
import dev.rolegate.matrix.MatrixScenario.AssignUserRole;
import dev.rolegate.matrix.MatrixScenario.Change;
import dev.rolegate.matrix.MatrixScenario.Check;
import dev.rolegate.matrix.MatrixScenario.DeleteRole;
import dev.rolegate.matrix.MatrixScenario.RemoveGroupMember;
import dev.rolegate.matrix.MatrixScenario.RevokeGroupRole;
import dev.rolegate.matrix.MatrixScenario.RevokeUserRole;
import dev.rolegate.matrix.MatrixScenario.Stage;
import dev.rolegate.matrix.MatrixScenario.TargetKind;
import dev.rolegate.matrix.MatrixScenario.UpsertGroup;
import dev.rolegate.matrix.MatrixScenario.UpsertPermission;
import dev.rolegate.matrix.MatrixScenario.UpsertRole;
import dev.rolegate.matrix.MatrixScenario.UpsertUser;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every check-matrix file through the HTTP API, on the real PostgreSQL: each scenario in
 * a new account from the {@code blank} template, its changes as admin API calls (assignments of
 * an identity source through the service that SAML and LDAP use), its checks as
 * {@code POST /check}, effective access and reverse look-ups as their GETs, each stage at its
 * {@code now} on the service's clock (its writes at {@link #WRITTEN_AT}, before every time of the files). The engine runs the same files in
 * {@code dev.rolegate.engine.MatrixEngineTest}; both must agree with the files.
 *
 * <p>Admin calls are authorized by the engine (issue 3), so the runner seeds, through the
 * services, a user {@value #RUNNER} with a role of the same name granting {@code *}: it may make
 * any change a scenario asks for, and scenarios cannot take that away by redefining a role they
 * also use (such as {@code owner}). What this adds to the account is filtered out of the answers
 * compared with the files: the built-in {@code rbac.*} permissions and operations (every account
 * holds them; a scenario's {@code *} grant covers them) and the runner itself in who-may lists.
 */
@QuarkusTest
class MatrixHttpTest {

    /** The runner's own admin user and role. */
    static final String RUNNER = "matrix-runner";

    /** When the writes of every file happen: before each {@code now}, validFrom and expiresAt in them. */
    static final Instant WRITTEN_AT = Instant.parse("2000-01-01T00:00:00Z");

    @Inject
    SettableClock clock;

    @Inject
    dev.rolegate.directory.DirectoryService directory;

    @Inject
    RoleService roles;

    @Inject
    AssignmentService assignments;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @TestFactory
    Stream<DynamicNode> matrixThroughTheApi() {
        return MatrixLoader.loadAll().stream().map(this::scenario);
    }

    private DynamicNode scenario(MatrixScenario scenario) {
        String account = Api.newAccountId("mx");
        List<DynamicNode> stages = new ArrayList<>();
        boolean[] created = {false};
        for (int i = 0; i < scenario.stages().size(); i++) {
            Stage stage = scenario.stages().get(i);
            boolean first = i == 0;
            List<DynamicNode> tests = new ArrayList<>();
            // the writes of a stage run as the stage's first test, so they interleave with its checks in order
            tests.add(DynamicTest.dynamicTest("apply changes", () -> {
                // the files' writes happen before every time they name: the API refuses to write
                // an assignment that has already expired (issue 11 item 6), as a history would not
                clock.set(WRITTEN_AT);
                if (first && !created[0]) {
                    as(Tokens.platform()).body(Map.of("id", account, "name", scenario.name(), "template", "blank"))
                            .post("/v1/accounts").then().statusCode(201);
                    directory.putUser(account, RUNNER, null, "matrix runner", "active");
                    roles.putRole(account, RUNNER, "", List.of("*"), List.of());
                    assignments.assign(account, AssigneeKind.USER, RUNNER, RUNNER, AssignmentSource.MANUAL, null, null);
                    created[0] = true;
                    for (Change change : scenario.given()) {
                        apply(account, change);
                    }
                }
                for (Change change : stage.changes()) {
                    apply(account, change);
                }
            }));
            for (Check check : stage.checks()) {
                tests.add(DynamicTest.dynamicTest(check.describe(), () -> check(account, stage.now(), check)));
            }
            stage.effective().forEach((subject, expected) -> tests.add(DynamicTest.dynamicTest("effective access of " + subject,
                    () -> {
                        clock.set(stage.now());
                        Response r = as(Tokens.check(account)).get("/v1/accounts/" + account + "/users/" + subject + "/permissions");
                        if (r.statusCode() == 404) {
                            assertEquals(List.of(), expected.permissions() == null ? List.of() : expected.permissions());
                            return;
                        }
                        r.then().statusCode(200);
                        if (expected.permissions() != null) {
                            assertEquals(expected.permissions(), withoutBuiltIns(r.jsonPath().getList("permissions", String.class)));
                        }
                        if (expected.operations() != null) {
                            assertEquals(expected.operations(), withoutBuiltIns(r.jsonPath().getList("operations", String.class)));
                        }
                    })));
            stage.usersAllowed().forEach((operation, expected) -> tests.add(DynamicTest.dynamicTest("users allowed " + operation,
                    () -> {
                        clock.set(stage.now());
                        Response r = as(Tokens.check(account)).get("/v1/accounts/" + account + "/operations/" + operation + "/users");
                        List<String> users = r.statusCode() == 404 ? List.of()
                                : r.then().statusCode(200).extract().jsonPath().getList("users", String.class);
                        assertEquals(expected, users.stream().filter(u -> !u.equals(RUNNER)).toList());
                    })));
            stages.add(DynamicContainer.dynamicContainer("stage " + (i + 1) + " " + stage.name(), tests.stream()));
        }
        return DynamicContainer.dynamicContainer(scenario.name(), scenario.source(), stages.stream());
    }

    private void check(String account, Instant now, Check check) {
        clock.set(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", check.subject());
        body.put(check.kind() == TargetKind.OPERATION ? "operation" : "permission", check.target());
        if (check.explain() != null) {
            body.put("explain", true);
        }
        Response r = as(Tokens.check(account)).body(body).post("/v1/accounts/" + account + "/check");
        r.then().statusCode(200);
        String where = "line " + check.line() + ": " + r.asString();
        assertEquals(check.allowed(), r.jsonPath().getBoolean("allowed"), where);
        if (check.reason() != null) {
            String reason = r.jsonPath().getString("reason");
            assertEquals(check.reason(), reason == null ? "allowed" : reason, where);
        }
        if (check.missing() != null) {
            List<String> missing = r.jsonPath().getList("missing");
            assertEquals(check.missing(), missing == null ? List.of() : missing, where);
        }
        if (check.explain() != null) {
            List<List<Map<String, String>>> paths = r.jsonPath().getList("explain");
            List<List<String>> rendered = new ArrayList<>();
            for (List<Map<String, String>> path : paths == null ? List.<List<Map<String, String>>>of() : paths) {
                rendered.add(path.stream().map(step -> step.get("kind") + ":" + step.get("name")).toList());
            }
            assertEquals(check.explain(), rendered, where);
        }
    }

    private void apply(String account, Change change) {
        String base = "/v1/accounts/" + account;
        if (change instanceof UpsertPermission p) {
            ok(admin(account).body(Map.of("operations", p.operations())).put(base + "/permissions/" + p.name()), change);
        } else if (change instanceof UpsertRole r) {
            ok(admin(account).body(Map.of("permissions", r.grants(), "inherits", r.inherits())).put(base + "/roles/" + r.name()), change);
        } else if (change instanceof DeleteRole d) {
            ok(admin(account).queryParam("cascade", true).delete(base + "/roles/" + d.name()), change);
        } else if (change instanceof UpsertUser u) {
            ok(admin(account).body(Map.of("status", u.status())).put(base + "/users/" + u.id()), change);
        } else if (change instanceof UpsertGroup g) {
            ok(admin(account).body(Map.of()).put(base + "/groups/" + g.id()), change);
        } else if (change instanceof AddGroupMember m) {
            ok(admin(account).put(base + "/groups/" + m.group() + "/members/" + m.user()), change);
        } else if (change instanceof RemoveGroupMember m) {
            ok(admin(account).delete(base + "/groups/" + m.group() + "/members/" + m.user()), change);
        } else if (change instanceof AssignUserRole a) {
            assign(account, AssigneeKind.USER, a.user(), a.role(), a.source(), a.validFrom(), a.expiresAt(), change);
        } else if (change instanceof AssignGroupRole a) {
            assign(account, AssigneeKind.GROUP, a.group(), a.role(), a.source(), a.validFrom(), a.expiresAt(), change);
        } else if (change instanceof RevokeUserRole r) {
            revoke(account, AssigneeKind.USER, r.user(), r.role(), r.source(), change);
        } else if (change instanceof RevokeGroupRole r) {
            revoke(account, AssigneeKind.GROUP, r.group(), r.role(), r.source(), change);
        } else {
            throw new AssertionError("unknown change " + change);
        }
    }

    private void assign(String account, AssigneeKind kind, String assignee, String role, String source,
                        Instant validFrom, Instant expiresAt, Change change) {
        if ("manual".equals(source)) {
            Map<String, Object> body = new HashMap<>();
            if (validFrom != null) {
                body.put("validFrom", validFrom.toString());
            }
            if (expiresAt != null) {
                body.put("expiresAt", expiresAt.toString());
            }
            String path = kind == AssigneeKind.USER ? "/users/" : "/groups/";
            ok(admin(account).body(body).put("/v1/accounts/" + account + path + assignee + "/roles/" + role), change);
        } else {
            assignments.assign(account, kind, assignee, role, AssignmentSource.fromWire(source), validFrom, expiresAt);
        }
    }

    private void revoke(String account, AssigneeKind kind, String assignee, String role, String source, Change change) {
        if ("manual".equals(source)) {
            String path = kind == AssigneeKind.USER ? "/users/" : "/groups/";
            ok(admin(account).delete("/v1/accounts/" + account + path + assignee + "/roles/" + role), change);
        } else {
            assignments.revoke(account, kind, assignee, role, List.of(AssignmentSource.fromWire(source)));
        }
    }

    private static List<String> withoutBuiltIns(List<String> names) {
        return names.stream().filter(n -> !dev.rolegate.policy.AdminCatalog.reserved(n)).toList();
    }

    private static io.restassured.specification.RequestSpecification admin(String account) {
        return as(Tokens.admin(account, RUNNER));
    }

    private static void ok(Response response, Change change) {
        int status = response.statusCode();
        if (status >= 300) {
            throw new AssertionError("line " + change.line() + ": " + change + " answered " + status + " " + response.asString());
        }
    }
}
