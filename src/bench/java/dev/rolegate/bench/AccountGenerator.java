package dev.rolegate.bench;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic generator of a realistic account and of a fixed sequence of check questions:
 * the same {@link Spec} (seed included) gives the same model and questions on every run and
 * every machine ({@link SplittableRandom} is specified bit for bit).
 *
 * <h2>Shape of the account</h2>
 * <ul>
 *   <li>Permissions: {@code permissions / 10} feature areas ({@code report}, {@code dashboard3}, …)
 *       times ten verbs ({@code view}, {@code edit}, …): {@code report.view}.</li>
 *   <li>Operations: each permission lists two or three of its own ({@code report.edit_2}), so
 *       that there are exactly {@code operations} of them; then one operation in twelve is also
 *       listed by a second permission of another area (it then requires both).</li>
 *   <li>Roles, a DAG four levels deep: per-area readers (level 0); per-area writers inheriting
 *       their reader, one in nine an area admin granting {@code area.*} instead (level 1); job
 *       roles inheriting two to five level-0/1 roles of a cluster of areas plus a few extra
 *       permissions (level 2); lead roles inheriting two or three job roles (level 3); and one
 *       {@code owner} granting {@code *}.</li>
 *   <li>Users: 2% disabled. Groups: each user is in zero to three of them, popular groups
 *       favoured; each group carries one or two roles, mostly job roles.</li>
 *   <li>Assignments: exactly {@code assignments}, group assignments included; direct ones go to
 *       users chosen at random (so counts per user vary), to roles skewed towards popular job
 *       roles, no user given the same role twice. 3% of direct and 1% of group assignments are
 *       time-bounded: a third in force at {@link #NOW}, a third expired, a third not yet
 *       started.</li>
 * </ul>
 */
public final class AccountGenerator {

    /** The instant every benchmark checks at. */
    public static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private static final String[] NOUNS = {"report", "dashboard", "dataset", "segment", "funnel", "cohort",
        "alert", "billing", "invoice", "project", "workspace", "connector", "pipeline", "schema", "query",
        "notebook", "export", "audit", "member", "team", "apikey", "webhook", "sso", "directory", "integration"};
    private static final String[] VERBS = {"view", "create", "edit", "delete", "share", "export", "comment",
        "approve", "configure", "admin"};
    private static final AssignmentSource[] USER_SOURCES = {AssignmentSource.MANUAL, AssignmentSource.MANUAL,
        AssignmentSource.MANUAL, AssignmentSource.MANUAL, AssignmentSource.MANUAL, AssignmentSource.MANUAL,
        AssignmentSource.MANUAL, AssignmentSource.SAML, AssignmentSource.SAML, AssignmentSource.LDAP};

    /**
     * What to generate.
     *
     * @param account     account id
     * @param users       number of users
     * @param groups      number of groups
     * @param roles       number of roles, at least 100
     * @param permissions number of permissions, a multiple of 10
     * @param operations  number of operations, between 2 and 3 times {@code permissions}
     * @param assignments total assignments (direct and group)
     * @param seed        the seed every random choice derives from
     */
    public record Spec(String account, int users, int groups, int roles, int permissions, int operations,
            int assignments, long seed) {
    }

    /** The account of the engine benchmarks (issue 4): 10,000 users, 500 roles, 2,000 permissions, 5,000 operations. */
    public static final Spec ENGINE = new Spec("acme", 10_000, 300, 500, 2_000, 5_000, 20_000, 20260302L);

    /** The account of the snapshot build benchmark: 100,000 users and 1,000,000 assignments. */
    public static final Spec LARGE = new Spec("globex", 100_000, 2_000, 500, 2_000, 5_000, 1_000_000, 20260302L);

    /** The fixed question sequence: parallel arrays, {@code subjects[i]} asks about {@code targets[i]}. */
    public record Questions(String[] subjects, Target[] targets) {
        public int size() {
            return subjects.length;
        }
    }

    private AccountGenerator() {
    }

    /** Generates the account of {@code spec}, at revision 1. */
    public static AccountModel account(Spec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());

        // ------------------------------------------------------------ permissions and operations
        int areas = spec.permissions() / VERBS.length;
        String[] area = new String[areas];
        for (int a = 0; a < areas; a++) {
            area[a] = NOUNS[a % NOUNS.length] + (a < NOUNS.length ? "" : Integer.toString(a / NOUNS.length));
        }
        int permissionCount = areas * VERBS.length;
        String[] permission = new String[permissionCount];
        List<List<String>> listed = new ArrayList<>(permissionCount);
        int extra = spec.operations() - 2 * permissionCount; // permissions that get a third operation
        if (extra < 0 || extra > permissionCount) {
            throw new IllegalArgumentException("operations must be 2 to 3 times permissions");
        }
        List<String> operations = new ArrayList<>(spec.operations());
        for (int p = 0; p < permissionCount; p++) {
            permission[p] = area[p / VERBS.length] + "." + VERBS[p % VERBS.length];
            List<String> ops = new ArrayList<>(4);
            int own = p < extra ? 3 : 2;
            for (int k = 1; k <= own; k++) {
                ops.add(permission[p] + "_" + k);
            }
            operations.addAll(ops);
            listed.add(ops);
        }
        // one operation in twelve also needs a permission of another area ("share to Slack" needs
        // the integration's permission too): it then requires both
        for (int i = 0; i < operations.size() / 12; i++) {
            String op = operations.get(random.nextInt(operations.size()));
            int second = random.nextInt(permissionCount);
            if (!op.startsWith(area[second / VERBS.length] + ".") && !listed.get(second).contains(op)) {
                listed.get(second).add(op);
            }
        }
        List<PermissionDef> permissions = new ArrayList<>(permissionCount);
        for (int p = 0; p < permissionCount; p++) {
            permissions.add(new PermissionDef(permission[p], listed.get(p)));
        }

        // ------------------------------------------------------------ roles (a DAG, 4 levels + owner)
        int roleCount = spec.roles();
        int level0 = Math.min(areas, roleCount * 2 / 5);
        int level1 = Math.min(level0, roleCount * 17 / 50);
        int level3 = Math.max(1, roleCount * 6 / 100);
        int level2 = roleCount - 1 - level0 - level1 - level3;
        if (level2 < 1) {
            throw new IllegalArgumentException("too few roles");
        }
        List<RoleDef> roles = new ArrayList<>(roleCount);
        roles.add(new RoleDef("owner", List.of("*"), List.of()));
        String[] reader = new String[level0];
        for (int a = 0; a < level0; a++) {
            reader[a] = area[a] + "-reader";
            List<String> grants = new ArrayList<>(List.of(area[a] + ".view", area[a] + ".comment", area[a] + ".export"));
            if (random.nextInt(3) == 0) {
                grants.add(area[a] + ".share");
            }
            roles.add(new RoleDef(reader[a], grants, List.of()));
        }
        String[] writer = new String[level1];
        for (int a = 0; a < level1; a++) {
            if (a % 9 == 0) {
                writer[a] = area[a] + "-admin";
                roles.add(new RoleDef(writer[a], List.of(area[a] + ".*"), List.of()));
            } else {
                writer[a] = area[a] + "-writer";
                List<String> grants = new ArrayList<>(List.of(area[a] + ".create", area[a] + ".edit", area[a] + ".share"));
                if (random.nextBoolean()) {
                    grants.add(area[a] + ".delete");
                }
                roles.add(new RoleDef(writer[a], grants, List.of(reader[a])));
            }
        }
        String[] job = new String[level2];
        for (int j = 0; j < level2; j++) {
            job[j] = "job-" + j;
            // a cluster of neighbouring areas: what one department works on
            int base = random.nextInt(level0);
            Set<String> inherits = new LinkedHashSet<>();
            int n = 2 + random.nextInt(4);
            while (inherits.size() < n) {
                int a = (base + random.nextInt(6)) % level0;
                inherits.add(a < level1 && random.nextInt(3) != 0 ? writer[a] : reader[a]);
            }
            Set<String> grants = new LinkedHashSet<>();
            int g = 1 + random.nextInt(3);
            while (grants.size() < g) {
                grants.add(permission[random.nextInt(permissionCount)]);
            }
            roles.add(new RoleDef(job[j], List.copyOf(grants), List.copyOf(inherits)));
        }
        for (int l = 0; l < level3; l++) {
            Set<String> inherits = new LinkedHashSet<>();
            int n = 2 + random.nextInt(2);
            while (inherits.size() < n) {
                inherits.add(job[random.nextInt(level2)]);
            }
            if (random.nextBoolean()) {
                inherits.add(writer[random.nextInt(level1)]);
            }
            roles.add(new RoleDef("lead-" + l, List.of(area[random.nextInt(areas)] + ".approve"), List.copyOf(inherits)));
        }

        // ------------------------------------------------------------ users and groups
        int userCount = spec.users();
        String[] userIds = new String[userCount];
        List<UserDef> users = new ArrayList<>(userCount);
        for (int u = 0; u < userCount; u++) {
            userIds[u] = userId(spec, u);
            users.add(new UserDef(userIds[u], random.nextInt(50) != 0));
        }
        int groupCount = spec.groups();
        List<List<String>> members = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            members.add(new ArrayList<>());
        }
        for (int u = 0; u < userCount; u++) {
            int r = random.nextInt(20);
            int n = r < 4 ? 0 : r < 14 ? 1 : r < 19 ? 2 : 3;
            int first = -1;
            for (int k = 0; k < n; k++) {
                int g = skewed(random, groupCount);
                if (g != first) {
                    members.get(g).add(userIds[u]);
                    first = g;
                }
            }
        }
        List<GroupDef> groups = new ArrayList<>(groupCount);
        String[] groupIds = new String[groupCount];
        for (int g = 0; g < groupCount; g++) {
            groupIds[g] = String.format("team-%04d", g);
            groups.add(new GroupDef(groupIds[g], members.get(g)));
        }

        // ------------------------------------------------------------ assignments
        List<AssignmentDef> assignments = new ArrayList<>(spec.assignments());
        for (int g = 0; g < groupCount; g++) {
            int n = 1 + (random.nextInt(3) == 0 ? 1 : 0);
            String first = null;
            for (int k = 0; k < n; k++) {
                String role = random.nextInt(5) == 0 ? writer[random.nextInt(level1)] : job[skewed(random, level2)];
                if (!role.equals(first)) {
                    AssignmentSource source = g % 2 == 0 ? AssignmentSource.LDAP : AssignmentSource.SAML;
                    assignments.add(new AssignmentDef(AssigneeKind.GROUP, groupIds[g], role, source,
                            random.nextInt(100) == 0 ? bounded(random) : Validity.ALWAYS));
                    first = role;
                }
            }
        }
        // direct assignments: exactly the rest of the budget, users drawn at random
        Set<Long> given = new HashSet<>(spec.assignments() * 2);
        int owners = Math.max(1, userCount / 2000);
        for (int u = 0; u < owners; u++) {
            assignments.add(new AssignmentDef(AssigneeKind.USER, userIds[u * 997 % userCount], "owner",
                    AssignmentSource.MANUAL, Validity.ALWAYS));
            given.add(key(u * 997 % userCount, 0));
        }
        while (assignments.size() < spec.assignments()) {
            int u = random.nextInt(userCount);
            int r = random.nextInt(100);
            // role index in `roles`: 0 owner, then readers, writers, job roles, leads
            int roleIndex = r < 10 ? 1 + random.nextInt(level0)
                    : r < 30 ? 1 + level0 + random.nextInt(level1)
                    : r < 95 ? 1 + level0 + level1 + skewed(random, level2)
                    : 1 + level0 + level1 + level2 + random.nextInt(level3);
            if (!given.add(key(u, roleIndex))) {
                continue;
            }
            assignments.add(new AssignmentDef(AssigneeKind.USER, userIds[u], roles.get(roleIndex).name(),
                    USER_SOURCES[random.nextInt(USER_SOURCES.length)],
                    random.nextInt(100) < 3 ? bounded(random) : Validity.ALWAYS));
        }
        return new AccountModel(spec.account(), 1, permissions, roles, users, groups, assignments);
    }

    /** The id of user number {@code u} of {@code spec}. */
    public static String userId(Spec spec, int u) {
        return String.format("user%06d@%s.test", u, spec.account());
    }

    /**
     * A fixed pseudo-random sequence of {@code count} check questions on {@code model}: about 1%
     * unknown subjects, 1.5% unknown targets (operations and permissions), and otherwise a user
     * drawn at random (disabled ones included) asking about an operation (three in four) or a
     * permission; half of these are drawn from what the user may do at {@link #NOW}, so that
     * about half the answers allow, the other half from the whole catalog (mostly denied).
     * Every subject and target name is a fresh copy (equal content, its own character array), as
     * a request brings them: a look-up compares characters, not just references.
     *
     * @param snapshot the compiled model, used only to pick allowed targets
     */
    public static Questions questions(Spec spec, AccountModel model, Snapshot snapshot, int count) {
        SplittableRandom random = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        List<String> permissions = new ArrayList<>();
        Set<String> operationSet = new LinkedHashSet<>();
        for (PermissionDef p : model.permissions()) {
            permissions.add(p.name());
            operationSet.addAll(p.operations());
        }
        List<String> operations = new ArrayList<>(operationSet);
        String[] subjects = new String[count];
        Target[] targets = new Target[count];
        for (int i = 0; i < count; i++) {
            int r = random.nextInt(1000);
            if (r < 10) {
                subjects[i] = "ghost" + random.nextInt(1000) + "@" + spec.account() + ".test";
                targets[i] = new Target.Operation(fresh(operations.get(random.nextInt(operations.size()))));
                continue;
            }
            String subject = model.users().get(random.nextInt(model.users().size())).id();
            subjects[i] = fresh(subject);
            if (r < 20) {
                targets[i] = new Target.Operation(permissions.get(random.nextInt(permissions.size())) + "_ghost");
                continue;
            }
            if (r < 25) {
                targets[i] = new Target.Permission(permissions.get(random.nextInt(permissions.size())) + "-ghost");
                continue;
            }
            boolean operation = random.nextInt(4) != 0;
            EffectiveAccess access = snapshot.effectiveAccess(subject, NOW);
            List<String> may = operation ? access.operations() : access.permissions();
            List<String> from = random.nextBoolean() && !may.isEmpty() ? may : operation ? operations : permissions;
            String name = from.get(random.nextInt(from.size()));
            targets[i] = operation ? new Target.Operation(fresh(name)) : new Target.Permission(fresh(name));
        }
        return new Questions(subjects, targets);
    }

    /** An equal string with its own character array ({@code new String(String)} would share it). */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    /** An index in {@code [0, n)} favouring small ones (density about 1/sqrt): popular first. */
    private static int skewed(SplittableRandom random, int n) {
        double x = random.nextDouble();
        return Math.min(n - 1, (int) (x * x * n));
    }

    /** A validity in force at NOW, expired, or not yet started, a third each. */
    private static Validity bounded(SplittableRandom random) {
        Instant from;
        Instant until;
        switch (random.nextInt(3)) {
            case 0 -> {
                from = NOW.minus(Duration.ofDays(1 + random.nextInt(30)));
                until = NOW.plus(Duration.ofDays(1 + random.nextInt(30)));
            }
            case 1 -> {
                from = NOW.minus(Duration.ofDays(31 + random.nextInt(60)));
                until = NOW.minus(Duration.ofDays(1 + random.nextInt(30)));
            }
            default -> {
                from = NOW.plus(Duration.ofDays(1 + random.nextInt(30)));
                until = from.plus(Duration.ofDays(1 + random.nextInt(60)));
            }
        }
        return new Validity(from, until);
    }

    private static long key(int user, int role) {
        return ((long) user << 20) | role;
    }
}
