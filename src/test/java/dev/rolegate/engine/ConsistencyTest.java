package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SpiceDB's spirit: every query API agrees with every other, and all agree with a deliberately
 * naive reference written straight from the definition (DESIGN.md §1: no interning, no bitsets,
 * no precomputation, inheritance walked recursively on each question). Models are random with
 * fixed seeds, so a failure reproduces.
 */
class ConsistencyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AssignmentSource[] SOURCES = AssignmentSource.values();

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 42L, 1234L, 31337L, 271828L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyQueryAgreesWithCheckAndWithTheNaiveReference(long seed) {
        Random random = new Random(seed);
        AccountModel model = randomModel(random);
        Snapshot snapshot = SnapshotCompiler.compile(model);
        Reference reference = new Reference(model);

        List<String> operations = reference.operations();
        List<String> permissions = model.permissions().stream().map(PermissionDef::name).sorted().toList();
        List<String> subjects = new ArrayList<>(model.users().stream().map(UserDef::id).toList());
        subjects.add("nobody");
        List<String> targetsOutsideTheModel = List.of("no.such.thing", "report");

        int allowedChecks = 0;
        for (Instant now : instants(model)) {
            for (String subject : subjects) {
                EffectiveAccess access = snapshot.effectiveAccess(subject, now);
                List<String> allowedOperations = new ArrayList<>();
                for (String operation : concat(operations, targetsOutsideTheModel)) {
                    Target target = new Target.Operation(operation);
                    Decision decision = snapshot.check(subject, target, now);
                    assertEquals(reference.check(subject, target, now), decision,
                            () -> "seed " + seed + ": " + subject + " " + operation + " at " + now);
                    explanationIsSound(snapshot, reference, subject, target, now, decision);
                    if (decision.allowed()) {
                        allowedOperations.add(operation);
                        allowedChecks++;
                    }
                }
                assertEquals(allowedOperations, access.operations(), () -> "operations of " + subject + " at " + now);

                List<String> heldPermissions = new ArrayList<>();
                for (String permission : concat(permissions, targetsOutsideTheModel)) {
                    Target target = new Target.Permission(permission);
                    Decision decision = snapshot.check(subject, target, now);
                    assertEquals(reference.check(subject, target, now), decision,
                            () -> "seed " + seed + ": " + subject + " permission " + permission + " at " + now);
                    explanationIsSound(snapshot, reference, subject, target, now, decision);
                    if (decision.allowed()) {
                        heldPermissions.add(permission);
                    }
                }
                assertEquals(heldPermissions, access.permissions(), () -> "permissions of " + subject + " at " + now);
            }
            for (String operation : concat(operations, targetsOutsideTheModel)) {
                List<String> expected = subjects.stream()
                        .filter(s -> snapshot.check(s, new Target.Operation(operation), now).allowed())
                        .sorted().toList();
                assertEquals(expected, snapshot.usersAllowed(operation, now), () -> "usersAllowed " + operation + " at " + now);
            }
        }
        assertTrue(allowedChecks > 100, "the random model should allow a fair share of checks, got " + allowedChecks);
    }

    /**
     * An explanation decides as check does, has one path per required permission held, and
     * every path is made of edges that exist and are in force at {@code now}.
     */
    private static void explanationIsSound(Snapshot snapshot, Reference reference, String subject, Target target,
            Instant now, Decision decision) {
        Explanation explanation = snapshot.explain(subject, target, now);
        assertEquals(decision, explanation.decision());
        if (decision.reason() != Reason.ALLOWED && decision.reason() != Reason.MISSING_PERMISSION) {
            assertEquals(List.of(), explanation.paths());
            return;
        }
        List<String> held = reference.required(target).stream().filter(p -> !decision.missing().contains(p)).toList();
        assertEquals(held, explanation.paths().stream()
                .map(path -> path.steps().stream().filter(s -> s.kind() == Explanation.Kind.PERMISSION)
                        .findFirst().orElseThrow().name())
                .toList(), "one path per held permission, in name order");
        for (Explanation.Path path : explanation.paths()) {
            reference.assertPath(subject, target, now, path.steps());
            String permission = held.get(explanation.paths().indexOf(path));
            int stepsBeforePermission = path.steps().size() - (target instanceof Target.Operation ? 2 : 1);
            assertEquals(reference.shortest(subject, permission, now), stepsBeforePermission,
                    () -> "a shortest path to " + permission + ": " + path);
        }
    }

    private static List<Instant> instants(AccountModel model) {
        // the default instant, plus every validity bound and the nanosecond before it
        TreeSet<Instant> instants = new TreeSet<>();
        instants.add(T0.plusSeconds(86_400L * 150));
        for (AssignmentDef a : model.assignments()) {
            for (Instant bound : List.of(a.validity().from(), a.validity().until())) {
                if (!bound.equals(Instant.MIN) && !bound.equals(Instant.MAX)) {
                    instants.add(bound);
                    instants.add(bound.minusNanos(1));
                }
            }
        }
        // keep the test quick: a spread of about 8 (the naive reference is slow on purpose)
        List<Instant> all = new ArrayList<>(instants);
        int step = Math.max(1, all.size() / 8);
        return IntStream.range(0, all.size()).filter(i -> i % step == 0).mapToObj(all::get).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------- the random model

    private static final String[] PREFIXES = {"report", "reporting", "billing", "admin", "report.admin"};
    private static final String[] WORDS = {"view", "edit", "share", "delete", "export", "x", "manage"};

    /**
     * A model with the traps the rules have: shared prefixes ({@code report.*} must not cover
     * {@code reporting.x}), operations listed by several permissions, permissions listing none,
     * inheritance several levels deep and diamonds, wildcards, groups with unknown members,
     * disabled users, time-bounded and repeated assignments from several sources.
     */
    static AccountModel randomModel(Random random) {
        Set<String> permissionNames = new TreeSet<>();
        while (permissionNames.size() < 30) {
            permissionNames.add(PREFIXES[random.nextInt(PREFIXES.length)] + "." + WORDS[random.nextInt(WORDS.length)]);
        }
        List<PermissionDef> permissions = new ArrayList<>();
        for (String name : permissionNames) {
            Set<String> ops = new TreeSet<>();
            int count = random.nextInt(4); // 0 .. 3: some permissions list no operation
            for (int i = 0; i < count; i++) {
                ops.add("op." + random.nextInt(45)); // 45 ops for ~45 listings: many shared
            }
            permissions.add(new PermissionDef(name, List.copyOf(ops)));
        }
        List<String> grantPool = new ArrayList<>(permissionNames);
        List<RoleDef> roles = new ArrayList<>();
        int roleCount = 24;
        for (int r = 0; r < roleCount; r++) {
            Set<String> grants = new TreeSet<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(20);
                grants.add(kind == 0 ? "report.*" : kind == 1 ? "billing.*" : kind == 2 ? "nothing.*"
                        : kind == 3 && random.nextInt(4) == 0 ? "*" : grantPool.get(random.nextInt(grantPool.size())));
            }
            Set<String> inherits = new TreeSet<>();
            if (r > 0) {
                int parents = random.nextInt(3);
                for (int i = 0; i < parents; i++) {
                    inherits.add(roleName(random.nextInt(r))); // only lower numbers: a DAG
                }
            }
            roles.add(new RoleDef(roleName(r), List.copyOf(grants), List.copyOf(inherits)));
        }
        List<UserDef> users = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            users.add(new UserDef(String.format("user%02d@example.test", u), random.nextInt(10) != 0));
        }
        List<GroupDef> groups = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            List<String> members = new ArrayList<>();
            int count = random.nextInt(10);
            for (int i = 0; i < count; i++) {
                members.add(users.get(random.nextInt(users.size())).id());
            }
            if (random.nextBoolean()) {
                members.add("left-the-company"); // members that name no user are ignored
            }
            groups.add(new GroupDef("group-" + g + "@idp", members));
        }
        List<AssignmentDef> assignments = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            boolean toGroup = random.nextInt(6) == 0;
            String assignee = toGroup ? groups.get(random.nextInt(groups.size())).id()
                    : users.get(random.nextInt(users.size())).id();
            assignments.add(new AssignmentDef(toGroup ? AssigneeKind.GROUP : AssigneeKind.USER, assignee,
                    roleName(random.nextInt(roleCount)), SOURCES[random.nextInt(SOURCES.length)], randomValidity(random)));
        }
        return new AccountModel("random", 7, permissions, roles, users, groups, assignments);
    }

    private static String roleName(int index) {
        return String.format("role%02d", index);
    }

    private static Validity randomValidity(Random random) {
        Instant from = T0.plusSeconds(86_400L * random.nextInt(300));
        Instant until = from.plusSeconds(86_400L * (1 + random.nextInt(120)));
        return switch (random.nextInt(5)) {
            case 0 -> new Validity(from, until);
            case 1 -> new Validity(from, Instant.MAX);
            case 2 -> new Validity(Instant.MIN, until);
            default -> Validity.ALWAYS;
        };
    }

    // ---------------------------------------------------------------- the naive reference

    /** DESIGN.md §1, read literally. Slow on purpose: nothing precomputed, nothing interned. */
    static final class Reference {
        private final AccountModel model;

        Reference(AccountModel model) {
            this.model = model;
        }

        List<String> operations() {
            Set<String> operations = new TreeSet<>();
            model.permissions().forEach(p -> operations.addAll(p.operations()));
            return List.copyOf(operations);
        }

        /** The permissions a target requires, sorted; empty when the target is unknown. */
        List<String> required(Target target) {
            if (target instanceof Target.Operation) {
                return model.permissions().stream().filter(p -> p.operations().contains(target.name()))
                        .map(PermissionDef::name).sorted().toList();
            }
            return model.permissions().stream().map(PermissionDef::name).filter(target.name()::equals).toList();
        }

        Decision check(String subject, Target target, Instant now) {
            List<String> required = required(target);
            if (required.isEmpty()) {
                return Decision.deny(target instanceof Target.Operation ? Reason.UNKNOWN_OPERATION : Reason.UNKNOWN_PERMISSION);
            }
            UserDef user = model.users().stream().filter(u -> u.id().equals(subject)).findFirst().orElse(null);
            if (user == null) {
                return Decision.deny(Reason.UNKNOWN_SUBJECT);
            }
            if (!user.active()) {
                return Decision.deny(Reason.SUBJECT_DISABLED);
            }
            List<String> missing = required.stream().filter(p -> !holds(subject, p, now)).toList();
            return missing.isEmpty() ? Decision.ALLOW : Decision.missing(missing);
        }

        private boolean holds(String user, String permission, Instant now) {
            for (AssignmentDef a : model.assignments()) {
                if (a.validity().covers(now) && reaches(user, a) && grants(a.role(), permission, new HashSet<>())) {
                    return true;
                }
            }
            return false;
        }

        private boolean reaches(String user, AssignmentDef a) {
            if (a.kind() == AssigneeKind.USER) {
                return a.assignee().equals(user);
            }
            return model.groups().stream().anyMatch(g -> g.id().equals(a.assignee()) && g.members().contains(user));
        }

        private boolean grants(String roleName, String permission, Set<String> seen) {
            if (!seen.add(roleName)) {
                return false;
            }
            RoleDef role = role(roleName);
            return role.grants().stream().anyMatch(g -> Names.grantCovers(g, permission))
                    || role.inherits().stream().anyMatch(r -> grants(r, permission, seen));
        }

        private RoleDef role(String name) {
            return model.roles().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        }

        /**
         * The fewest steps (user, group, roles) before the permission on any path from the
         * subject to a role whose own grants cover {@code permission}: a breadth-first search
         * from each in-force assignment, minimised over them.
         */
        int shortest(String subject, String permission, Instant now) {
            int best = Integer.MAX_VALUE;
            for (AssignmentDef a : model.assignments()) {
                if (!a.validity().covers(now) || !reaches(subject, a)) {
                    continue;
                }
                int base = a.kind() == AssigneeKind.USER ? 1 : 2;
                List<String> level = List.of(a.role());
                Set<String> seen = new HashSet<>(level);
                for (int depth = 1; !level.isEmpty(); depth++) {
                    if (level.stream().anyMatch(r -> role(r).grants().stream().anyMatch(g -> Names.grantCovers(g, permission)))) {
                        best = Math.min(best, base + depth);
                        break;
                    }
                    List<String> next = new ArrayList<>();
                    for (String r : level) {
                        role(r).inherits().stream().filter(seen::add).forEach(next::add);
                    }
                    level = next;
                }
            }
            return best;
        }

        /** Asserts that every edge of an explanation path exists in the model at {@code now}. */
        void assertPath(String subject, Target target, Instant now, List<Explanation.Step> steps) {
            int i = 0;
            assertEquals(new Explanation.Step(Explanation.Kind.USER, subject, ""), steps.get(i++));
            String group = null;
            if (steps.get(i).kind() == Explanation.Kind.GROUP) {
                group = steps.get(i++).name();
                String g = group;
                assertTrue(model.groups().stream().anyMatch(d -> d.id().equals(g) && d.members().contains(subject)),
                        subject + " is a member of " + group);
            }
            Explanation.Step first = steps.get(i++);
            assertEquals(Explanation.Kind.ROLE, first.kind());
            String assignee = group == null ? subject : group;
            AssigneeKind kind = group == null ? AssigneeKind.USER : AssigneeKind.GROUP;
            assertTrue(model.assignments().stream().anyMatch(a -> a.kind() == kind && a.assignee().equals(assignee)
                            && a.role().equals(first.name()) && a.source().wireName().equals(first.source())
                            && a.validity().covers(now)),
                    "an in-force assignment " + assignee + " -> " + first.name() + " from " + first.source());
            String role = first.name();
            while (steps.get(i).kind() == Explanation.Kind.INHERITED_ROLE) {
                Explanation.Step step = steps.get(i++);
                assertTrue(role(role).inherits().contains(step.name()), role + " inherits " + step.name());
                assertEquals("", step.source());
                role = step.name();
            }
            Explanation.Step permission = steps.get(i++);
            assertEquals(Explanation.Kind.PERMISSION, permission.kind());
            String last = role;
            assertTrue(role(last).grants().stream().anyMatch(g -> Names.grantCovers(g, permission.name())),
                    last + " grants " + permission.name());
            if (target instanceof Target.Operation) {
                assertEquals(new Explanation.Step(Explanation.Kind.OPERATION, target.name(), ""), steps.get(i++));
            }
            assertEquals(steps.size(), i, "no steps after the target");
        }
    }
}
