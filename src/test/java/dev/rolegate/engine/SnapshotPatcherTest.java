package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rolegate.engine.ModelChange.AssignmentDelete;
import dev.rolegate.engine.ModelChange.AssignmentPut;
import dev.rolegate.engine.ModelChange.GroupDelete;
import dev.rolegate.engine.ModelChange.GroupPut;
import dev.rolegate.engine.ModelChange.MemberAdd;
import dev.rolegate.engine.ModelChange.MemberRemove;
import dev.rolegate.engine.ModelChange.PermissionDelete;
import dev.rolegate.engine.ModelChange.PermissionPut;
import dev.rolegate.engine.ModelChange.RoleDelete;
import dev.rolegate.engine.ModelChange.RolePut;
import dev.rolegate.engine.ModelChange.UserDelete;
import dev.rolegate.engine.ModelChange.UserPut;
import dev.rolegate.engine.SnapshotPatcher.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Patching a compiled snapshot with typed changes (issue 12 item 7): a differential test holds
 * {@link SnapshotPatcher} to {@link SnapshotCompiler} of {@link ModelChanges#apply}'s model, on
 * random accounts after random change sequences, on every question the engine answers.
 */
class SnapshotPatcherTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    /** The instants questions are asked at: validity bounds and the times between them. */
    private static final Instant[] TIMES = {T0.minusSeconds(1), T0, T0.plusSeconds(1800), T0.plusSeconds(3600),
            T0.plusSeconds(5400), T0.plusSeconds(7200), T0.plusSeconds(9000)};
    private static final String[] PREFIXES = {"report", "billing", "admin"};
    private static final String[] VERBS = {"view", "edit", "share", "delete", "export"};

    // ------------------------------------------------------------------ the differential test

    @Test
    void patchedSnapshotsDecideLikeAFreshCompileAfterRandomChanges() {
        int patched = 0;
        int rebuilt = 0;
        int refused = 0;
        for (long seed = 1; seed <= 400; seed++) {
            Random random = new Random(seed);
            AccountModel model = randomAccount(random);
            Snapshot snapshot = SnapshotCompiler.compile(model);
            for (int step = 0; step < 8; step++) {
                List<ModelChange> changes = randomChanges(random, model);
                long revision = model.revision() + 1;
                String where = "seed " + seed + " step " + step + " changes " + changes;
                AccountModel next = null;
                Snapshot compiled = null;
                try {
                    next = ModelChanges.apply(model, revision, changes);
                    compiled = SnapshotCompiler.compile(next);
                } catch (IllegalArgumentException | ModelException e) {
                    // refused by the model, or not compilable: never a patched snapshot
                }
                Result result = SnapshotPatcher.patch(snapshot, revision, changes);
                if (compiled == null) {
                    assertInstanceOf(Result.RebuildNeeded.class, result, where + ": patched what a compile refuses");
                    refused++;
                    continue;
                }
                if (result instanceof Result.Patched p) {
                    assertSameDecisions(compiled, p.snapshot(), next, where);
                    snapshot = p.snapshot(); // the next step patches the patched one
                    patched++;
                } else {
                    assertTrue(changes.stream().anyMatch(c -> c instanceof PermissionPut || c instanceof PermissionDelete),
                            where + ": rebuild needed for " + result);
                    snapshot = compiled;
                    rebuilt++;
                }
                model = next;
            }
        }
        assertTrue(patched > 1500, "patched " + patched + ", rebuilt " + rebuilt + ", refused " + refused);
        assertTrue(rebuilt > 50 && refused > 50, "patched " + patched + ", rebuilt " + rebuilt + ", refused " + refused);
    }

    /** Every question the engine answers, on every user (and strangers), target and instant. */
    private static void assertSameDecisions(Snapshot expected, Snapshot actual, AccountModel model, String where) {
        assertEquals(expected.revision(), actual.revision(), where);
        assertEquals(expected.account(), actual.account(), where);
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
        targets.add(new Target.Permission("nothing.here"));
        for (String subject : subjects) {
            assertEquals(expected.hasUser(subject), actual.hasUser(subject), where);
            for (Instant now : TIMES) {
                assertEquals(expected.effectiveAccess(subject, now), actual.effectiveAccess(subject, now),
                        where + ": effective access of " + subject + " at " + now);
                for (Target target : targets) {
                    assertEquals(expected.check(subject, target, now), actual.check(subject, target, now),
                            where + ": " + subject + " " + target + " at " + now);
                    assertEquals(expected.explain(subject, target, now), actual.explain(subject, target, now),
                            where + ": explain " + subject + " " + target + " at " + now);
                }
            }
        }
        for (String operation : operations) {
            assertEquals(expected.hasOperation(operation), actual.hasOperation(operation), where);
            for (Instant now : TIMES) {
                assertEquals(expected.usersAllowed(operation, now), actual.usersAllowed(operation, now),
                        where + ": who may " + operation + " at " + now);
            }
        }
        actual.precomputeEffectiveAccess();
        for (String subject : subjects) {
            assertEquals(expected.effectiveAccess(subject, TIMES[0]), actual.effectiveAccess(subject, TIMES[0]), where);
        }
    }

    /**
     * The same on an account of several assignment chunks (2,100 users: three chunks of
     * {@link AssignmentTable#CHUNK}), where a patch rebuilds the chunk it touches and shares the
     * others: every user's effective access (every permission and operation) at each instant,
     * and explain for a sample, after each step.
     */
    @Test
    void patchesAcrossAssignmentChunksDecideLikeAFreshCompile() {
        Random random = new Random(99);
        List<String> permissions = List.of("report.view", "report.edit", "billing.view", "billing.edit", "admin.view");
        List<PermissionDef> catalog = permissions.stream()
                .map(p -> new PermissionDef(p, List.of(p.replace('.', '_') + ".op", "shared.op"))).toList();
        List<RoleDef> roles = List.of(new RoleDef("role0", List.of("report.view"), List.of()),
                new RoleDef("role1", List.of("report.edit"), List.of("role0")),
                new RoleDef("role2", List.of("billing.*"), List.of()),
                new RoleDef("role3", List.of("admin.view", "billing.view"), List.of("role1")));
        List<UserDef> users = new ArrayList<>();
        for (int u = 0; u < 2100; u++) {
            users.add(new UserDef(String.format("u%04d", u), u % 50 != 0));
        }
        List<GroupDef> groups = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            List<String> members = new ArrayList<>();
            for (int u = g; u < users.size(); u += 7 + g) {
                members.add(users.get(u).id());
            }
            groups.add(new GroupDef("g" + g, members));
        }
        List<String> userIds = users.stream().map(UserDef::id).toList();
        List<String> groupIds = groups.stream().map(GroupDef::id).toList();
        List<String> roleNames = roles.stream().map(RoleDef::name).toList();
        List<AssignmentDef> assignments = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < 5000; i++) {
            AssignmentDef a = randomAssignment(random, userIds, groupIds, roleNames);
            if (keys.add(a.kind() + a.assignee() + a.role() + a.source())) {
                assignments.add(a);
            }
        }
        AccountModel model = new AccountModel("acme", 1, catalog, roles, users, groups, assignments);
        Snapshot snapshot = SnapshotCompiler.compile(model);
        assertEquals(3, snapshot.subjects.userAssignments.chunkCount());
        int patched = 0;
        for (int step = 0; step < 40; step++) {
            List<ModelChange> changes = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                String user = userIds.get(random.nextInt(userIds.size()));
                int kind = random.nextInt(10);
                changes.add(switch (kind) {
                    case 0, 1, 2, 3 -> new AssignmentPut(randomAssignment(random, userIds, groupIds, roleNames));
                    case 4, 5 -> {
                        AssignmentDef a = existing(random, model.assignments());
                        yield new AssignmentDelete(a.kind(), a.assignee(), a.role(), a.source());
                    }
                    case 6 -> new UserPut(user, random.nextBoolean());
                    case 7 -> random.nextBoolean() ? new MemberAdd(groupIds.get(random.nextInt(groupIds.size())), user)
                            : new MemberRemove(groupIds.get(random.nextInt(groupIds.size())), user);
                    case 8 -> random.nextBoolean() ? new UserDelete(user) : new UserPut("n" + step, true); // indices move
                    default -> new RolePut(new RoleDef(roleNames.get(random.nextInt(4)),
                            pick(random, permissions, 1 + random.nextInt(2)), List.of()));
                });
            }
            AccountModel next = ModelChanges.apply(model, model.revision() + 1, changes);
            Snapshot compiled = SnapshotCompiler.compile(next);
            Result result = SnapshotPatcher.patch(snapshot, next.revision(), changes);
            Snapshot actual = assertInstanceOf(Result.Patched.class, result, "step " + step + " " + changes).snapshot();
            patched++;
            List<Target> targets = new ArrayList<>();
            permissions.forEach(p -> targets.add(new Target.Permission(p)));
            targets.add(new Target.Operation("shared.op"));
            for (UserDef user : next.users()) {
                for (Instant now : new Instant[] {TIMES[0], TIMES[2], TIMES[4]}) {
                    assertEquals(compiled.effectiveAccess(user.id(), now), actual.effectiveAccess(user.id(), now),
                            "step " + step + " " + changes + ": " + user.id() + " at " + now);
                }
                if (random.nextInt(40) == 0) {
                    for (Target target : targets) {
                        assertEquals(compiled.explain(user.id(), target, TIMES[2]), actual.explain(user.id(), target, TIMES[2]),
                                "step " + step + ": explain " + user.id() + " " + target);
                    }
                }
            }
            snapshot = actual;
            model = next;
        }
        assertEquals(40, patched);
    }

    @Test
    void anAssignmentChangeCopiesOnlyItsChunk() {
        List<UserDef> users = new ArrayList<>();
        List<AssignmentDef> assignments = new ArrayList<>();
        for (int u = 0; u < 3 * AssignmentTable.CHUNK; u++) {
            String id = String.format("u%05d", u);
            users.add(new UserDef(id, true));
            assignments.add(new AssignmentDef(AssigneeKind.USER, id, "viewer", AssignmentSource.MANUAL, Validity.ALWAYS));
        }
        Snapshot base = SnapshotCompiler.compile(new AccountModel("acme", 1, SMALL.permissions(), SMALL.roles(), users,
                List.of(), assignments));
        String middle = String.format("u%05d", AssignmentTable.CHUNK + 5);
        Snapshot next = patched(base, new AssignmentPut(
                new AssignmentDef(AssigneeKind.USER, middle, "editor", AssignmentSource.MANUAL, Validity.ALWAYS)));
        AssignmentTable before = base.subjects.userAssignments;
        AssignmentTable after = next.subjects.userAssignments;
        assertEquals(3, after.chunkCount());
        assertTrue(after.sharesChunk(before, 0) && after.sharesChunk(before, 2), "the untouched chunks are the base's");
        assertTrue(!after.sharesChunk(before, 1), "the touched chunk is new");
        assertEquals(2, after.rowCount(base.subjects.users.indexOf(middle)));
        assertEquals(1, before.rowCount(base.subjects.users.indexOf(middle)), "the base is never modified");
        assertEquals(Decision.ALLOW, next.check(middle, new Target.Operation("report.rename"), T0));
        assertEquals(Reason.MISSING_PERMISSION, next.check(String.format("u%05d", 5), new Target.Operation("report.rename"), T0).reason());
    }

    @Test
    void cachedEffectiveAccessIsSharedWithThePatchedSnapshot() {
        // 1,500 users holding 1,500 distinct permission sets: more than a page of the access cache
        List<PermissionDef> permissions = new ArrayList<>();
        List<RoleDef> roles = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            permissions.add(new PermissionDef("report.p" + p, List.of("report.op" + p)));
            roles.add(new RoleDef("role" + p, List.of("report.p" + p), List.of()));
        }
        List<UserDef> users = new ArrayList<>();
        List<AssignmentDef> assignments = new ArrayList<>();
        for (int u = 1; u <= 1500; u++) {
            String id = String.format("u%04d", u);
            users.add(new UserDef(id, true));
            for (int p = 0; p < 12; p++) {
                if ((u & (1 << p)) != 0) {
                    assignments.add(new AssignmentDef(AssigneeKind.USER, id, "role" + p, AssignmentSource.MANUAL, Validity.ALWAYS));
                }
            }
        }
        Snapshot base = SnapshotCompiler.compile(new AccountModel("acme", 1, permissions, roles, users, List.of(), assignments));
        Snapshot next = patched(base, new AssignmentPut(
                new AssignmentDef(AssigneeKind.USER, "u1499", "role11", AssignmentSource.LDAP, Validity.ALWAYS)));
        // filled on the base after the patch, served by the patched snapshot too (and the other way round)
        assertSame(base.effectiveAccess("u0003", T0), next.effectiveAccess("u0003", T0));
        assertSame(next.effectiveAccess("u0005", T0), base.effectiveAccess("u0005", T0));
        assertEquals(List.of("report.p0", "report.p2"), next.effectiveAccess("u0005", T0).permissions());
        // 1499 = 0b101_1101_1011
        assertEquals(List.of("report.p0", "report.p1", "report.p3", "report.p4", "report.p6", "report.p7", "report.p8",
                "report.p10"), base.effectiveAccess("u1499", T0).permissions().stream().sorted(
                java.util.Comparator.comparingInt(p -> Integer.parseInt(p.substring("report.p".length())))).toList());
        assertTrue(next.effectiveAccess("u1499", T0).permissions().contains("report.p11"), "the patched user's own set");
    }

    // ------------------------------------------------------------------ random accounts and changes

    private static AccountModel randomAccount(Random random) {
        List<PermissionDef> permissions = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int permissionCount = 2 + random.nextInt(10);
        while (names.size() < permissionCount) {
            names.add(permissionName(random));
        }
        List<String> operationPool = new ArrayList<>();
        for (int i = 0; i < 3 + random.nextInt(12); i++) {
            operationPool.add(PREFIXES[random.nextInt(PREFIXES.length)] + ".op" + i);
        }
        for (String name : names) {
            permissions.add(new PermissionDef(name, pick(random, operationPool, random.nextInt(4))));
        }
        int roleCount = 1 + random.nextInt(8);
        List<RoleDef> roles = new ArrayList<>();
        for (int r = 0; r < roleCount; r++) {
            // inherit only earlier roles: a DAG
            List<String> inherits = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                if (random.nextInt(4) == 0) {
                    inherits.add("role" + i);
                }
            }
            roles.add(new RoleDef("role" + r, randomGrants(random, List.copyOf(names), false), inherits));
        }
        List<UserDef> users = new ArrayList<>();
        int userCount = random.nextInt(25);
        for (int u = 0; u < userCount; u++) {
            users.add(new UserDef("u" + u, random.nextInt(6) != 0));
        }
        List<GroupDef> groups = new ArrayList<>();
        int groupCount = random.nextInt(5);
        for (int g = 0; g < groupCount; g++) {
            List<String> members = new ArrayList<>();
            for (UserDef user : users) {
                if (random.nextInt(3) == 0) {
                    members.add(user.id());
                }
            }
            groups.add(new GroupDef("g" + g, members));
        }
        List<AssignmentDef> assignments = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < random.nextInt(3 * userCount + 3); i++) {
            AssignmentDef a = randomAssignment(random, users.stream().map(UserDef::id).toList(),
                    groups.stream().map(GroupDef::id).toList(), roles.stream().map(RoleDef::name).toList());
            if (a != null && keys.add(a.kind() + a.assignee() + a.role() + a.source())) {
                assignments.add(a);
            }
        }
        return new AccountModel("acme", 1 + random.nextInt(100), permissions, roles, users, groups, assignments);
    }

    private static List<ModelChange> randomChanges(Random random, AccountModel model) {
        List<String> users = new ArrayList<>(model.users().stream().map(UserDef::id).toList());
        List<String> groups = new ArrayList<>(model.groups().stream().map(GroupDef::id).toList());
        List<String> roles = new ArrayList<>(model.roles().stream().map(RoleDef::name).toList());
        List<String> permissions = model.permissions().stream().map(PermissionDef::name).toList();
        // sometimes a name that does not exist (yet): creates, or changes that a compile refuses
        users.add("u" + (30 + random.nextInt(5)));
        groups.add("g" + (5 + random.nextInt(3)));
        roles.add("role" + (10 + random.nextInt(3)));
        List<ModelChange> changes = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextInt(5) == 0 ? 12 : 3);
        for (int i = 0; i < count; i++) {
            String user = users.get(random.nextInt(users.size()));
            String group = groups.get(random.nextInt(groups.size()));
            String role = roles.get(random.nextInt(roles.size()));
            int kind = random.nextInt(100);
            ModelChange change;
            if (kind < 30) {
                AssignmentDef a = randomAssignment(random, users, groups, roles);
                change = a == null ? new UserPut(user, true) : new AssignmentPut(a);
            } else if (kind < 42) {
                AssignmentDef a = existing(random, model.assignments());
                change = a == null ? new UserPut(user, false)
                        : new AssignmentDelete(a.kind(), a.assignee(), a.role(), a.source());
            } else if (kind < 50) {
                change = new UserPut(user, random.nextInt(4) != 0);
            } else if (kind < 55) {
                change = new UserDelete(user);
            } else if (kind < 58) {
                change = new GroupPut(group);
            } else if (kind < 61) {
                change = new GroupDelete(group);
            } else if (kind < 69) {
                change = new MemberAdd(group, user);
            } else if (kind < 75) {
                change = new MemberRemove(group, user);
            } else if (kind < 87) {
                List<String> inherits = pick(random, roles, random.nextInt(3)); // may form a cycle or name no role
                inherits.remove(role);
                if (random.nextInt(8) == 0) {
                    inherits.add(role); // a self-cycle
                }
                change = new RolePut(new RoleDef(role, randomGrants(random, permissions, true), inherits));
            } else if (kind < 92) {
                change = new RoleDelete(role);
            } else if (kind < 97) {
                String name = random.nextInt(3) == 0 ? permissionName(random) : permissions.get(random.nextInt(permissions.size()));
                List<String> operations = new ArrayList<>();
                for (int o = 0; o < random.nextInt(4); o++) {
                    operations.add(PREFIXES[random.nextInt(PREFIXES.length)] + ".op" + random.nextInt(20));
                }
                change = new PermissionPut(new PermissionDef(name, operations));
            } else {
                change = new PermissionDelete(random.nextBoolean() ? "no.such" : permissions.get(random.nextInt(permissions.size())));
            }
            changes.add(change);
        }
        return changes;
    }

    private static AssignmentDef randomAssignment(Random random, List<String> users, List<String> groups, List<String> roles) {
        boolean user = groups.isEmpty() || random.nextInt(3) != 0;
        if (user && users.isEmpty()) {
            return null;
        }
        String assignee = user ? users.get(random.nextInt(users.size())) : groups.get(random.nextInt(groups.size()));
        AssignmentSource source = AssignmentSource.values()[random.nextInt(AssignmentSource.values().length)];
        Validity validity = Validity.ALWAYS;
        if (random.nextInt(3) == 0) {
            int from = random.nextInt(3);
            int until = from + 1 + random.nextInt(3);
            validity = new Validity(from == 0 ? Instant.MIN : T0.plusSeconds(1800L * from),
                    random.nextInt(4) == 0 ? Instant.MAX : T0.plusSeconds(1800L * until));
        }
        return new AssignmentDef(user ? AssigneeKind.USER : AssigneeKind.GROUP, assignee,
                roles.get(random.nextInt(roles.size())), source, validity);
    }

    private static AssignmentDef existing(Random random, List<AssignmentDef> assignments) {
        return assignments.isEmpty() ? null : assignments.get(random.nextInt(assignments.size()));
    }

    private static List<String> randomGrants(Random random, List<String> permissions, boolean mayBeInvalid) {
        List<String> grants = pick(random, permissions, random.nextInt(3));
        int wildcard = random.nextInt(12);
        if (wildcard == 0) {
            grants.add("*");
        } else if (wildcard < 4) {
            grants.add(PREFIXES[random.nextInt(PREFIXES.length)] + ".*");
        } else if (wildcard == 4 && mayBeInvalid) {
            grants.add("no.such.permission"); // refused by a compile
        }
        return grants;
    }

    private static String permissionName(Random random) {
        return PREFIXES[random.nextInt(PREFIXES.length)] + "." + VERBS[random.nextInt(VERBS.length)];
    }

    private static List<String> pick(Random random, List<String> pool, int count) {
        Set<String> picked = new LinkedHashSet<>();
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            picked.add(pool.get(random.nextInt(pool.size())));
        }
        return new ArrayList<>(picked);
    }

    // ------------------------------------------------------------------ single cases

    private static final AccountModel SMALL = new AccountModel("acme", 7,
            List.of(new PermissionDef("report.view", List.of("report.open")),
                    new PermissionDef("report.edit", List.of("report.rename"))),
            List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                    new RoleDef("editor", List.of("report.edit"), List.of("viewer"))),
            List.of(new UserDef("ann", true), new UserDef("bob", true)),
            List.of(new GroupDef("staff", List.of("bob"))),
            List.of(new AssignmentDef(AssigneeKind.USER, "ann", "viewer", AssignmentSource.MANUAL, Validity.ALWAYS),
                    new AssignmentDef(AssigneeKind.GROUP, "staff", "editor", AssignmentSource.LDAP, Validity.ALWAYS)));

    private static Snapshot patched(Snapshot base, ModelChange... changes) {
        Result result = SnapshotPatcher.patch(base, base.revision() + 1, List.of(changes));
        if (result instanceof Result.Patched p) {
            return p.snapshot();
        }
        return fail("not patched: " + result);
    }

    @Test
    void oneAssignmentChangeRefoldsOnlyItsUserAndSharesTheRest() {
        Snapshot base = SnapshotCompiler.compile(SMALL);
        Snapshot next = patched(base, new AssignmentPut(
                new AssignmentDef(AssigneeKind.USER, "ann", "editor", AssignmentSource.MANUAL, Validity.ALWAYS)));
        assertEquals(8, next.revision());
        assertEquals(Decision.ALLOW, next.check("ann", new Target.Operation("report.rename"), T0));
        assertEquals(Reason.MISSING_PERMISSION, base.check("ann", new Target.Operation("report.rename"), T0).reason(),
                "the base is never modified");
        assertSame(base.catalog, next.catalog);
        assertSame(base.roles, next.roles);
        assertSame(base.subjects.users, next.subjects.users);
        assertSame(base.subjects.memberGroups, next.subjects.memberGroups);
        assertSame(base.subjects.groupAssignments, next.subjects.groupAssignments);
        int bob = base.subjects.users.indexOf("bob");
        assertEquals(base.subjects.bitsId[bob], next.subjects.bitsId[bob]);
        assertSame(base.subjects.distinctBits[base.subjects.bitsId[bob]], next.subjects.distinctBits[next.subjects.bitsId[bob]]);
    }

    @Test
    void aRevocationIsHonouredAtTheNewRevision() {
        Snapshot base = SnapshotCompiler.compile(SMALL);
        Snapshot next = patched(base, new MemberRemove("staff", "bob"));
        assertEquals(Decision.ALLOW, base.check("bob", new Target.Permission("report.edit"), T0));
        assertEquals(Reason.MISSING_PERMISSION, next.check("bob", new Target.Permission("report.edit"), T0).reason());
        Snapshot roleGone = patched(base, new RoleDelete("viewer"));
        assertEquals(Reason.MISSING_PERMISSION, roleGone.check("ann", new Target.Permission("report.view"), T0).reason());
        assertEquals(Reason.MISSING_PERMISSION, roleGone.check("bob", new Target.Permission("report.view"), T0).reason(),
                "the inheritance link to the deleted role went with it");
        assertEquals(Decision.ALLOW, roleGone.check("bob", new Target.Permission("report.edit"), T0));
    }

    @Test
    void whatCannotBePatchedAsksForARebuild() {
        Snapshot base = SnapshotCompiler.compile(SMALL);
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 8,
                List.of(new PermissionPut(new PermissionDef("report.share", List.of())))));
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 8, List.of(new PermissionDelete("report.view"))));
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 8,
                List.of(new RolePut(new RoleDef("viewer", List.of(), List.of("editor"))))), "a cycle");
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 8, List.of(new MemberAdd("staff", "nobody"))));
        List<ModelChange> many = new ArrayList<>();
        for (int i = 0; i <= SnapshotPatcher.MAX_CHANGES; i++) {
            many.add(new UserPut("ann", i % 2 == 0));
        }
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 8, many));
        assertThrows(IllegalArgumentException.class, () -> SnapshotPatcher.patch(base, 7, List.of()));
        // an operation list is patched: the catalog alone is recompiled
        Snapshot next = patched(base, new PermissionPut(new PermissionDef("report.view", List.of("report.open", "report.print"))));
        assertEquals(Decision.ALLOW, next.check("ann", new Target.Operation("report.print"), T0));
        assertSame(base.subjects, next.subjects);
    }

    @Test
    void aUserIsNotCreatedByPatchWhereGroupsListMembersThatNameNoUser() {
        AccountModel dangling = new AccountModel("acme", 3, SMALL.permissions(), SMALL.roles(), SMALL.users(),
                List.of(new GroupDef("staff", List.of("bob", "carol"))), SMALL.assignments());
        Snapshot base = SnapshotCompiler.compile(dangling);
        // compiled from the tables, carol would be a member of staff at once: a patch cannot know that
        assertInstanceOf(Result.RebuildNeeded.class, SnapshotPatcher.patch(base, 4, List.of(new UserPut("carol", true))));
        assertEquals(Decision.ALLOW, SnapshotCompiler.compile(ModelChanges.apply(dangling, 4, List.of(new UserPut("carol", true))))
                .check("carol", new Target.Permission("report.edit"), T0));
        patched(base, new UserPut("ann", false)); // anything else still patches
    }
}
