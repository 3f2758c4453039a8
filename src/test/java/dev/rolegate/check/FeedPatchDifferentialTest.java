package dev.rolegate.check;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.change.ChangeFeed;
import dev.rolegate.change.api.ChangeRecordResponse;
import dev.rolegate.check.store.SnapshotLoader;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.Target;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 7, through the real feed: random admin API writes on an account, then the
 * snapshot patched from the change records ({@link ChangeTranslator} + the engine's patcher, by
 * {@link FeedPatcher#apply}) decides exactly like a fresh compile of the account loaded at the
 * same revision, on every question; revision by revision, and all at once from an older base.
 * The replica's own cache patches too (its admin checks read the same account), and its checks
 * over HTTP agree with the compile.
 */
@QuarkusTest
class FeedPatchDifferentialTest {

    private static final String[] USERS = {"u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"};
    private static final String[] GROUPS = {"g0", "g1", "g2", "g3"};
    private static final String[] CUSTOM_ROLES = {"r0", "r1", "r2", "r3"};
    private static final String[] ASSIGNABLE = {"viewer", "analyst", "r0", "r1", "r2", "r3"};
    private static final String[] GRANTS = {"report.view", "report.edit", "report.share", "dashboard.*", "dashboard.edit",
            "data.export", "integrations.use", "billing.view", "report.*", "definitions.view"};
    /** Template permissions whose operations the test rewrites (an update: patchable). */
    private static final String[] PERMISSIONS = {"report.share", "dashboard.edit", "data.export"};

    @Inject
    SnapshotLoader loader;

    @Inject
    ChangeFeed feed;

    @Inject
    ObjectMapper json;

    @Inject
    SettableClock clock;

    @Inject
    MeterRegistry registry;

    private Instant t0;
    private Instant[] times;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSnapshotPatchedFromTheFeedDecidesLikeAFreshCompile() throws Exception {
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(t0);
        times = new Instant[] {t0.minusSeconds(7200), t0.minusSeconds(1), t0, t0.plusSeconds(1800), t0.plusSeconds(3600),
                t0.plusSeconds(7200)};
        ChangeTranslator translator = new ChangeTranslator(json);
        double patchesBefore = patches("patched");
        int patchedSteps = 0;
        int refusedSteps = 0;
        for (int seed = 1; seed <= 2; seed++) {
            Random random = new Random(seed);
            String account = Api.createAccount("feedpatch");
            seed(account);
            Snapshot base = compile(account);
            Snapshot held = base;
            int writes = 0;
            boolean batched = false;
            for (int step = 0; step < 70; step++) {
                boolean newPermission = step == 45; // one revision the patcher must refuse, after the batch below
                randomWrite(random, account, newPermission);
                AccountModel model = loader.load(account).orElseThrow();
                if (model.revision() == held.revision()) {
                    continue; // refused by the API (a 404, a cycle): no revision
                }
                writes++;
                Snapshot truth = SnapshotCompiler.compile(model);
                FeedPatcher.Outcome outcome = FeedPatcher.apply(held, model.revision(),
                        feed.records(account, held.revision(), ChangeFeed.MAX_LIMIT), 1000, translator);
                String where = "seed " + seed + " step " + step + " revision " + model.revision();
                if (newPermission) {
                    FeedPatcher.Outcome.Rebuild rebuild = assertInstanceOf(FeedPatcher.Outcome.Rebuild.class, outcome, where);
                    assertEquals(FeedPatcher.Fallback.REFUSED, rebuild.reason(), where + ": " + rebuild.detail());
                    refusedSteps++;
                    held = truth;
                    continue;
                }
                FeedPatcher.Outcome.Patched patched = assertInstanceOf(FeedPatcher.Outcome.Patched.class, outcome,
                        () -> where + ": " + outcome);
                assertEquals(1, patched.records(), where);
                assertSameDecisions(truth, patched.snapshot(), model, where);
                patchedSteps++;
                held = patched.snapshot(); // the next step patches the patched snapshot, as a replica does
                if (step >= 40 && !batched) {
                    batched = true;
                    // all at once: the base at the account's creation, every record since
                    List<ChangeRecordResponse> records = new ArrayList<>();
                    for (long after = base.revision(); after < model.revision(); after = records.get(records.size() - 1).revision()) {
                        records.addAll(feed.records(account, after, 7));
                    }
                    FeedPatcher.Outcome all = FeedPatcher.apply(base, model.revision(), records, 1000, translator);
                    FeedPatcher.Outcome.Patched p = assertInstanceOf(FeedPatcher.Outcome.Patched.class, all, () -> where + ": " + all);
                    assertEquals(model.revision() - base.revision(), p.records(), where);
                    assertSameDecisions(truth, p.snapshot(), model, where + " (all at once)");
                    // a record left out is a gap, never a silently shorter patch
                    List<ChangeRecordResponse> holed = new ArrayList<>(records);
                    holed.remove(holed.size() / 2);
                    assertEquals(FeedPatcher.Fallback.GAP, assertInstanceOf(FeedPatcher.Outcome.Rebuild.class,
                            FeedPatcher.apply(base, model.revision(), holed, 1000, translator)).reason());
                    assertEquals(FeedPatcher.Fallback.TOO_MANY, assertInstanceOf(FeedPatcher.Outcome.Rebuild.class,
                            FeedPatcher.apply(base, model.revision(), records, 2, translator)).reason());
                }
            }
            assertTrue(batched, "seed " + seed + ": no batch");
            assertTrue(writes > 40, "seed " + seed + ": only " + writes + " writes took");
            assertCheckApiAgrees(account, random);
        }
        assertEquals(2, refusedSteps);
        assertTrue(patchedSteps > 90, "patched " + patchedSteps);
        // the replica's own cache patched this account's snapshot too: its admin calls read it
        assertTrue(patches("patched") - patchesBefore > 20, "the snapshot cache patched " + (patches("patched") - patchesBefore));
    }

    /** Every user, group and custom role once, so that most random writes find what they name. */
    private static void seed(String account) {
        String base = "/v1/accounts/" + account;
        var admin = as(Tokens.admin(account));
        for (String user : USERS) {
            admin.body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
        }
        for (String group : GROUPS) {
            admin.body(Map.of()).put(base + "/groups/" + group).then().statusCode(201);
        }
        for (String role : CUSTOM_ROLES) {
            admin.body(Map.of("permissions", List.of("report.view"), "inherits", List.of())).put(base + "/roles/" + role)
                    .then().statusCode(201);
        }
    }

    private double patches(String outcome) {
        return registry.get("rolegate.snapshot.patches").tag("outcome", outcome).counter().count();
    }

    private Snapshot compile(String account) throws Exception {
        return SnapshotCompiler.compile(loader.load(account).orElseThrow());
    }

    /** The service's checks at the head (answered from its cache, patched or rebuilt) agree with a fresh compile. */
    private void assertCheckApiAgrees(String account, Random random) throws Exception {
        AccountModel model = loader.load(account).orElseThrow();
        Snapshot truth = SnapshotCompiler.compile(model);
        List<String> operations = new ArrayList<>();
        model.permissions().forEach(p -> operations.addAll(p.operations()));
        for (int i = 0; i < 40; i++) {
            String subject = USERS[random.nextInt(USERS.length)];
            String operation = operations.get(random.nextInt(operations.size()));
            Response r = as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation,
                    "atLeastRevision", model.revision())).post("/v1/accounts/" + account + "/check");
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(truth.check(subject, new Target.Operation(operation), t0).allowed(), r.jsonPath().getBoolean("allowed"),
                    subject + " " + operation);
        }
    }

    // ------------------------------------------------------------------ random writes through the admin API

    private void randomWrite(Random random, String account, boolean newPermission) {
        String base = "/v1/accounts/" + account;
        var admin = as(Tokens.admin(account));
        String user = USERS[random.nextInt(USERS.length)];
        String group = GROUPS[random.nextInt(GROUPS.length)];
        String role = ASSIGNABLE[random.nextInt(ASSIGNABLE.length)];
        if (newPermission) {
            admin.body(Map.of("operations", List.of("custom.run"))).put(base + "/permissions/custom.p" + random.nextInt(1000))
                    .then().statusCode(201);
            return;
        }
        switch (random.nextInt(14)) {
            case 0, 1 -> admin.body(Map.of("status", random.nextInt(4) == 0 ? "disabled" : "active")).put(base + "/users/" + user);
            case 2 -> admin.delete(base + "/users/" + user);
            case 3 -> admin.body(Map.of()).put(base + "/groups/" + group);
            case 4 -> {
                if (random.nextInt(3) == 0) {
                    admin.delete(base + "/groups/" + group);
                } else {
                    admin.put(base + "/groups/" + group + "/members/" + user);
                }
            }
            case 5 -> admin.delete(base + "/groups/" + group + "/members/" + user);
            case 6 -> {
                Map<String, Object> body = new HashMap<>();
                body.put("permissions", pick(random, GRANTS, random.nextInt(3)));
                body.put("inherits", pick(random, new String[] {"viewer", "analyst", "r0", "r1", "r2"}, random.nextInt(2)));
                admin.body(body).put(base + "/roles/" + CUSTOM_ROLES[random.nextInt(CUSTOM_ROLES.length)]);
            }
            case 7 -> admin.delete(base + "/roles/" + CUSTOM_ROLES[random.nextInt(CUSTOM_ROLES.length)] + "?cascade=true");
            case 8, 9, 10 -> admin.body(validity(random)).put(base + "/users/" + user + "/roles/" + role);
            case 11 -> admin.delete(base + "/users/" + user + "/roles/" + role);
            case 12 -> {
                if (random.nextBoolean()) {
                    admin.body(validity(random)).put(base + "/groups/" + group + "/roles/" + role);
                } else {
                    admin.delete(base + "/groups/" + group + "/roles/" + role);
                }
            }
            default -> {
                List<String> operations = new ArrayList<>(pick(random, new String[] {"report.share_link", "report.rename",
                        "dashboard.open", "data.export_warehouse", "custom.op"}, 1 + random.nextInt(3)));
                admin.body(Map.of("operations", operations)).put(base + "/permissions/" + PERMISSIONS[random.nextInt(PERMISSIONS.length)]);
            }
        }
    }

    /** No window, or one that starts, ends or both around t0 (so checks at {@link #times} see it come and go). */
    private Map<String, Object> validity(Random random) {
        Map<String, Object> body = new HashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> body.put("expiresAt", t0.plusSeconds(3600).toString());
            case 1 -> body.put("validFrom", t0.plusSeconds(1800).toString());
            case 2 -> {
                body.put("validFrom", t0.minusSeconds(3600).toString());
                body.put("expiresAt", t0.plusSeconds(1800 + random.nextInt(2) * 1800).toString());
            }
            default -> {
            }
        }
        return body;
    }

    private static List<String> pick(Random random, String[] pool, int count) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            out.add(pool[random.nextInt(pool.length)]);
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ the comparison

    /** Every question on every user (and a stranger), target and instant; then who may do each operation. */
    private void assertSameDecisions(Snapshot expected, Snapshot actual, AccountModel model, String where) {
        assertEquals(expected.revision(), actual.revision(), where);
        List<String> subjects = new ArrayList<>();
        model.users().forEach(u -> subjects.add(u.id()));
        subjects.add("stranger");
        List<Target> targets = new ArrayList<>();
        Set<String> operations = new LinkedHashSet<>();
        for (PermissionDef p : model.permissions()) {
            targets.add(new Target.Permission(p.name()));
            operations.addAll(p.operations());
        }
        operations.add("report.nothing");
        operations.forEach(o -> targets.add(new Target.Operation(o)));
        for (String subject : subjects) {
            for (Instant now : times) {
                assertEquals(expected.effectiveAccess(subject, now), actual.effectiveAccess(subject, now),
                        where + ": effective access of " + subject + " at " + now);
                for (Target target : targets) {
                    assertEquals(expected.check(subject, target, now), actual.check(subject, target, now),
                            where + ": " + subject + " " + target + " at " + now);
                }
            }
        }
        for (String operation : operations) {
            for (Instant now : times) {
                assertEquals(expected.usersAllowed(operation, now), actual.usersAllowed(operation, now),
                        where + ": who may " + operation + " at " + now);
            }
        }
    }
}
