package dev.rolegate.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Compiles an {@link AccountModel} into a {@link Snapshot}: validates it, collecting every
 * problem, then interns names to ints, expands wildcard grants against the catalog, closes role
 * inheritance, and folds assignments (direct and through groups) into one permission bitset per
 * user, shared between users with equal sets.
 *
 * <p>Stateless and thread safe. Time-linear in the size of the model (plus sorting the names);
 * users with equal role sets share their bitset, so memory grows with the number of distinct
 * role sets, not of users.
 */
public final class SnapshotCompiler {

    private static final TimedGrant[] NO_TIMED = new TimedGrant[0];

    private SnapshotCompiler() {
    }

    /**
     * Validates and compiles.
     *
     * @param model the account at one revision
     * @return the snapshot, stamped with the model's account and revision
     * @throws ModelException with every problem found, in model order: permissions, roles (an
     *                        inheritance cycle last among them), users, groups, assignments; see
     *                        {@link ModelProblem} for the codes
     */
    public static Snapshot compile(AccountModel model) {
        Objects.requireNonNull(model, "model");
        List<ModelProblem> problems = new ArrayList<>();

        NameIndex permissions = index("permission", model.permissions(), PermissionDef::name, Names::isName, problems);
        for (PermissionDef permission : model.permissions()) {
            for (String operation : permission.operations()) {
                if (!Names.isName(operation)) {
                    problems.add(new ModelProblem(ModelProblem.INVALID_NAME, permission.name(),
                            "permission \"" + permission.name() + "\" lists operation \"" + operation
                                    + "\", which is not a valid name (" + NAME_RULE + ")"));
                }
            }
        }
        NameIndex roles = index("role", model.roles(), RoleDef::name, Names::isName, problems);
        checkRoles(model.roles(), permissions, roles, problems);
        NameIndex users = index("user", model.users(), UserDef::id, Names::isUserId, problems);
        NameIndex groups = index("group", model.groups(), GroupDef::id, Names::isUserId, problems);
        ResolvedAssignments resolved = resolveAssignments(model.assignments(), users, groups, roles, problems);
        if (!problems.isEmpty()) {
            throw new ModelException(problems);
        }

        Catalog catalog = compileCatalog(model.permissions(), permissions);
        RoleTable roleTable = compileRoles(model.roles(), roles, permissions);
        SubjectTable subjectTable = compileSubjects(model, users, groups, roles, roleTable, permissions.size(), resolved);
        return new Snapshot(model.account(), model.revision(), catalog, roleTable, subjectTable);
    }

    // ---------------------------------------------------------------- validation

    private static final String NAME_RULE = "[a-z0-9][a-z0-9_.-]*, at most " + Names.MAX_NAME_LENGTH + " characters";
    private static final String ID_RULE = "[A-Za-z0-9._@+-], 1 to " + Names.MAX_USER_ID_LENGTH
            + " characters, not \".\" or \"..\"";

    /** Checks names and uniqueness, and interns the valid distinct names. */
    private static <T> NameIndex index(String what, List<T> defs, Function<T, String> name,
            Predicate<String> valid, List<ModelProblem> problems) {
        Set<String> seen = new HashSet<>(defs.size() * 2);
        Set<String> reported = new HashSet<>();
        for (T def : defs) {
            String n = name.apply(def);
            if (!valid.test(n)) {
                problems.add(new ModelProblem(ModelProblem.INVALID_NAME, n, what + " \"" + n
                        + "\" is not a valid " + (what.equals("user") || what.equals("group") ? "id (" + ID_RULE : "name (" + NAME_RULE) + ")"));
            } else if (!seen.add(n) && reported.add(n)) {
                problems.add(new ModelProblem(ModelProblem.DUPLICATE_NAME, n, what + " \"" + n + "\" is defined more than once"));
            }
        }
        return NameIndex.of(seen);
    }

    private static void checkRoles(List<RoleDef> defs, NameIndex permissions, NameIndex roles, List<ModelProblem> problems) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (RoleDef role : defs) {
            for (String grant : role.grants()) {
                if (!Names.isGrant(grant)) {
                    problems.add(new ModelProblem(ModelProblem.INVALID_NAME, role.name(), "role \"" + role.name()
                            + "\" grants \"" + grant + "\", which is not a valid grant (a permission name, prefix.* or *)"));
                } else if (!Names.isWildcard(grant) && permissions.indexOf(grant) < 0) {
                    problems.add(new ModelProblem(ModelProblem.UNKNOWN_PERMISSION, role.name(), "role \"" + role.name()
                            + "\" grants \"" + grant + "\", which is not in the permission catalog"));
                }
            }
            List<String> known = new ArrayList<>();
            for (String inherited : role.inherits()) {
                if (!Names.isName(inherited)) {
                    problems.add(new ModelProblem(ModelProblem.INVALID_NAME, role.name(), "role \"" + role.name()
                            + "\" inherits \"" + inherited + "\", which is not a valid name (" + NAME_RULE + ")"));
                } else if (roles.indexOf(inherited) < 0) {
                    problems.add(new ModelProblem(ModelProblem.UNKNOWN_ROLE, role.name(), "role \"" + role.name()
                            + "\" inherits \"" + inherited + "\", which is not a role"));
                } else {
                    known.add(inherited);
                }
            }
            graph.putIfAbsent(role.name(), known);
        }
        RoleGraph.findCycle(graph).ifPresent(cycle -> problems.add(new ModelProblem(ModelProblem.ROLE_CYCLE,
                cycle.get(0), "role inheritance cycle: " + String.join(" -> ", cycle))));
    }

    /** Each assignment's assignee and role as indices, looked up once for validation and compilation. */
    private record ResolvedAssignments(int[] assignee, int[] role) {
    }

    private static ResolvedAssignments resolveAssignments(List<AssignmentDef> assignments, NameIndex users,
            NameIndex groups, NameIndex roles, List<ModelProblem> problems) {
        int[] assignee = new int[assignments.size()];
        int[] role = new int[assignments.size()];
        for (int i = 0; i < assignee.length; i++) {
            AssignmentDef a = assignments.get(i);
            boolean user = a.kind() == AssigneeKind.USER;
            assignee[i] = (user ? users : groups).indexOf(a.assignee());
            role[i] = roles.indexOf(a.role());
            if (assignee[i] < 0) {
                problems.add(new ModelProblem(ModelProblem.UNKNOWN_SUBJECT, a.assignee(),
                        describe(a) + ": no such " + (user ? "user" : "group")));
            }
            if (role[i] < 0) {
                problems.add(new ModelProblem(ModelProblem.UNKNOWN_ROLE, a.role(), describe(a) + ": no such role"));
            }
        }
        return new ResolvedAssignments(assignee, role);
    }

    private static String describe(AssignmentDef a) {
        return "assignment of role \"" + a.role() + "\" to " + (a.kind() == AssigneeKind.USER ? "user" : "group")
                + " \"" + a.assignee() + "\"";
    }

    // ---------------------------------------------------------------- compilation (model is valid)

    static Catalog compileCatalog(List<PermissionDef> defs, NameIndex permissions) {
        PermissionDef[] byIndex = new PermissionDef[permissions.size()];
        for (PermissionDef def : defs) {
            byIndex[permissions.indexOf(def.name())] = def;
        }
        // walking permissions in index order keeps each operation's list ascending
        Map<String, IntList> requires = new HashMap<>();
        for (int p = 0; p < byIndex.length; p++) {
            for (String operation : byIndex[p].operations()) {
                IntList list = requires.computeIfAbsent(operation, k -> new IntList());
                if (list.size() == 0 || list.last() != p) {
                    list.add(p);
                }
            }
        }
        NameIndex operations = NameIndex.of(requires.keySet());
        int[][] operationRequires = new int[operations.size()][];
        requires.forEach((operation, list) -> operationRequires[operations.indexOf(operation)] = list.toSortedDistinctArray());
        return new Catalog(permissions, operations, operationRequires);
    }

    private static RoleTable compileRoles(List<RoleDef> defs, NameIndex roles, NameIndex permissions) {
        int count = roles.size();
        long[][] grants = new long[count][];
        int[][] inherits = new int[count][];
        for (RoleDef def : defs) {
            int r = roles.indexOf(def.name());
            grants[r] = grantBits(def.grants(), permissions);
            IntList list = new IntList();
            for (String inherited : def.inherits()) {
                list.add(roles.indexOf(inherited));
            }
            inherits[r] = list.toSortedDistinctArray();
        }
        return new RoleTable(roles, grants, inherits, close(grants, inherits));
    }

    /** The permissions that {@code grants} (names and wildcards, valid) cover, as a fresh bitset. */
    static long[] grantBits(List<String> grants, NameIndex permissions) {
        int permissionCount = permissions.size();
        long[] bits = Bits.create(permissionCount);
        for (String grant : grants) {
            if (grant.equals("*")) {
                Bits.setRange(bits, 0, permissionCount);
            } else if (Names.isWildcard(grant)) {
                // names are sorted, so those starting with "prefix." are one contiguous run
                String prefix = grant.substring(0, grant.length() - 1);
                for (int p = permissions.lowerBound(prefix);
                        p < permissionCount && permissions.name(p).startsWith(prefix); p++) {
                    Bits.set(bits, p);
                }
            } else {
                Bits.set(bits, permissions.indexOf(grant));
            }
        }
        return bits;
    }

    /**
     * Each role's own grants ORed with those of every role it inherits, transitively: an
     * iterative post-order walk (no recursion, so a long inheritance chain cannot overflow the
     * stack). Requires a DAG, which validation guarantees.
     */
    static long[][] close(long[][] grants, int[][] inherits) {
        int count = grants.length;
        long[][] closed = new long[count][];
        byte[] state = new byte[count]; // 0 unvisited, 1 expanded, 2 closed
        int[] stack = new int[Math.max(1, count)];
        for (int root = 0; root < count; root++) {
            if (state[root] != 0) {
                continue;
            }
            int top = 0;
            stack[top++] = root;
            while (top > 0) {
                int r = stack[top - 1];
                if (state[r] == 0) {
                    state[r] = 1;
                    for (int child : inherits[r]) {
                        if (state[child] == 0) {
                            if (top == stack.length) {
                                stack = Arrays.copyOf(stack, top * 2);
                            }
                            stack[top++] = child;
                        }
                    }
                } else {
                    top--;
                    if (state[r] == 1) { // all children closed by now
                        long[] bits = grants[r].clone();
                        for (int child : inherits[r]) {
                            Bits.or(bits, closed[child]);
                        }
                        closed[r] = bits;
                        state[r] = 2;
                    }
                }
            }
        }
        return closed;
    }

    private static SubjectTable compileSubjects(AccountModel model, NameIndex users, NameIndex groups, NameIndex roles,
            RoleTable roleTable, int permissionCount, ResolvedAssignments resolved) {
        int userCount = users.size();
        boolean[] active = new boolean[userCount];
        for (UserDef user : model.users()) {
            active[users.indexOf(user.id())] = user.active();
        }

        // user → groups, compressed rows; groups walked in index order, so each row is ascending
        GroupDef[] groupDefs = new GroupDef[groups.size()];
        for (GroupDef group : model.groups()) {
            groupDefs[groups.indexOf(group.id())] = group;
        }
        int[] memberOffsets = new int[userCount + 1];
        int[] lastGroup = new int[userCount];
        Arrays.fill(lastGroup, -1);
        boolean danglingMembers = false;
        for (int g = 0; g < groupDefs.length; g++) {
            for (String member : groupDefs[g].members()) {
                int u = users.indexOf(member); // members that name no user are ignored
                danglingMembers |= u < 0;
                if (u >= 0 && lastGroup[u] != g) {
                    lastGroup[u] = g;
                    memberOffsets[u + 1]++;
                }
            }
        }
        prefixSum(memberOffsets);
        int[] memberGroups = new int[memberOffsets[userCount]];
        int[] fill = Arrays.copyOf(memberOffsets, userCount);
        Arrays.fill(lastGroup, -1);
        for (int g = 0; g < groupDefs.length; g++) {
            for (String member : groupDefs[g].members()) {
                int u = users.indexOf(member);
                if (u >= 0 && lastGroup[u] != g) {
                    lastGroup[u] = g;
                    memberGroups[fill[u]++] = g;
                }
            }
        }

        List<AssignmentDef> assignments = model.assignments();
        AssignmentTable userAssignments = assignmentTable(assignments, AssigneeKind.USER, userCount,
                resolved.assignee(), resolved.role());
        AssignmentTable groupAssignments = assignmentTable(assignments, AssigneeKind.GROUP, groups.size(),
                resolved.assignee(), resolved.role());

        SubjectFolder folder = new SubjectFolder(roleTable.closed, userAssignments, groupAssignments,
                memberOffsets, memberGroups);
        BitsetInterner interner = new BitsetInterner(permissionCount);
        Map<IntArrayKey, Integer> roleSetIds = new HashMap<>();
        int[] bitsId = new int[userCount];
        TimedGrant[][] timed = new TimedGrant[userCount][];
        for (int u = 0; u < userCount; u++) {
            timed[u] = NO_TIMED;
            if (!active[u]) {
                continue; // disabled users hold nothing: bitset 0, the empty one
            }
            int size = folder.fold(u);
            if (size > 0) {
                IntArrayKey key = new IntArrayKey(Arrays.copyOf(folder.roleSet, size));
                Integer id = roleSetIds.get(key);
                if (id == null) {
                    id = interner.intern(unboundedBits(roleTable.closed, key.values, size, permissionCount));
                    roleSetIds.put(key, id);
                }
                bitsId[u] = id;
            }
            timed[u] = relevant(folder.timed, interner.get(bitsId[u]));
        }
        return new SubjectTable(users, active, bitsId, interner.toArray(), timed, groups, memberOffsets,
                memberGroups, userAssignments, groupAssignments, danglingMembers);
    }

    /** The permissions of roles {@code roleSet[0 .. size-1]}, inheritance closed, as a fresh bitset. */
    static long[] unboundedBits(long[][] closed, int[] roleSet, int size, int permissionCount) {
        long[] bits = Bits.create(permissionCount);
        for (int i = 0; i < size; i++) {
            Bits.or(bits, closed[roleSet[i]]);
        }
        return bits;
    }

    /** The time-bounded grants that may add something to {@code unbounded}: the others never matter. */
    static TimedGrant[] relevant(List<TimedGrant> grants, long[] unbounded) {
        if (grants.isEmpty()) {
            return NO_TIMED;
        }
        List<TimedGrant> kept = new ArrayList<>(grants.size());
        for (TimedGrant grant : grants) {
            for (int w = 0; w < unbounded.length; w++) {
                if ((grant.bits[w] & ~unbounded[w]) != 0) {
                    kept.add(grant);
                    break;
                }
            }
        }
        return kept.isEmpty() ? NO_TIMED : kept.toArray(NO_TIMED);
    }

    /** The assignments of one assignee kind, bucketed by assignee, in model order within a bucket. */
    private static AssignmentTable assignmentTable(List<AssignmentDef> assignments, AssigneeKind kind, int assignees,
            int[] assignee, int[] role) {
        int[] offsets = new int[assignees + 1];
        for (int i = 0; i < assignee.length; i++) {
            if (assignments.get(i).kind() == kind) {
                offsets[assignee[i] + 1]++;
            }
        }
        prefixSum(offsets);
        int total = offsets[assignees];
        int[] roles = new int[total];
        byte[] sources = new byte[total];
        Validity[] validities = new Validity[total];
        int[] fill = Arrays.copyOf(offsets, assignees);
        for (int i = 0; i < assignee.length; i++) {
            AssignmentDef a = assignments.get(i);
            if (a.kind() == kind) {
                int at = fill[assignee[i]]++;
                roles[at] = role[i];
                sources[at] = (byte) a.source().ordinal();
                validities[at] = a.validity();
            }
        }
        return AssignmentTable.of(offsets, roles, sources, validities);
    }

    private static void prefixSum(int[] counts) {
        for (int i = 1; i < counts.length; i++) {
            counts[i] += counts[i - 1];
        }
    }

    /** An int[] compared by content, as a hash key. */
    private static final class IntArrayKey {
        final int[] values;
        private final int hash;

        IntArrayKey(int[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IntArrayKey other && hash == other.hash && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Hands out one id per distinct bitset content; id 0 is the empty set. */
    private static final class BitsetInterner {
        private final Map<LongArrayKey, Integer> ids = new HashMap<>();
        private final List<long[]> bitsets = new ArrayList<>();

        BitsetInterner(int size) {
            intern(Bits.create(size));
        }

        int intern(long[] bits) {
            return ids.computeIfAbsent(new LongArrayKey(bits), key -> {
                bitsets.add(bits);
                return bitsets.size() - 1;
            });
        }

        long[] get(int id) {
            return bitsets.get(id);
        }

        long[][] toArray() {
            return bitsets.toArray(new long[0][]);
        }
    }

    /** A long[] compared by content, as a hash key. */
    static final class LongArrayKey {
        final long[] values;
        private final int hash;

        LongArrayKey(long[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LongArrayKey other && hash == other.hash && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
