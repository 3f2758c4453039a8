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
import java.util.TreeSet;

/**
 * Turns the snapshot at revision N and the {@link ModelChange}s of the revisions after it into
 * the snapshot at a later revision without recompiling the account: copy-on-write of the
 * compiled arrays, sharing every part a change does not touch.
 *
 * <ul>
 *   <li>Users, groups, memberships and assignments: only the touched users are folded again
 *       (the changed user; every member of a changed group; the holders of a role whose
 *       inherited permissions changed); every other user keeps its bitset and time-bounded
 *       grants, shared with the base. The assignment tables are chunked
 *       ({@link AssignmentTable#CHUNK} assignees a chunk): a change to some assignees' rows builds
 *       their chunks again and shares every other chunk with the base, so one assignment change
 *       copies one chunk and a few per-user arrays that checks read flat (status, bitset ids,
 *       time-bounded grants), not the account's million rows. Only a change that moves indices
 *       (a user, group or role created or deleted) rewrites every row.</li>
 *   <li>Roles: the role table (grants, inheritance, closure) is recompiled, which is small;
 *       users are folded again only where a role's closure actually changed.</li>
 *   <li>Permissions: a changed operation list recompiles the catalog only. A created or deleted
 *       permission moves every permission bit: {@link Result.RebuildNeeded}.</li>
 * </ul>
 *
 * <p>The result decides exactly like {@link SnapshotCompiler#compile} of
 * {@link ModelChanges#apply}'s model (a differential test holds it to that). Whatever a compile
 * would refuse (an invalid name, an unknown reference, an inheritance cycle), a change that
 * {@link ModelChanges#apply} refuses, more than {@link #MAX_CHANGES} changes, or a user created
 * in an account whose groups list members that name no user: {@link Result.RebuildNeeded}, and
 * the caller rebuilds from the tables. Stateless and thread safe; the base snapshot is never
 * modified.
 */
public final class SnapshotPatcher {

    /** Beyond this many changes a patch is refused: a rebuild is as cheap and simpler to trust. */
    public static final int MAX_CHANGES = 10_000;

    private static final TimedGrant[] NO_TIMED = new TimedGrant[0];

    private SnapshotPatcher() {
    }

    /** What {@link #patch} gives. */
    public sealed interface Result {
        /** The snapshot at the new revision. */
        record Patched(Snapshot snapshot) implements Result {
            public Patched {
                Objects.requireNonNull(snapshot, "snapshot");
            }
        }

        /** These changes cannot be patched in; compile the account at the new revision instead. */
        record RebuildNeeded(String reason) implements Result {
            public RebuildNeeded {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Applies {@code changes}, in order, to {@code base}.
     *
     * @param base     the snapshot the changes follow
     * @param revision the revision of the result; greater than {@code base.revision()}
     * @param changes  every change between the two revisions, in commit order
     * @throws IllegalArgumentException when {@code revision} is not after the base's
     */
    public static Result patch(Snapshot base, long revision, List<? extends ModelChange> changes) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(changes, "changes");
        if (revision <= base.revision()) {
            throw new IllegalArgumentException("revision " + revision + " is not after the base's " + base.revision());
        }
        if (changes.size() > MAX_CHANGES) {
            return new Result.RebuildNeeded(changes.size() + " changes (more than " + MAX_CHANGES + ")");
        }
        try {
            return new Result.Patched(new Patch(base).apply(changes).build(revision));
        } catch (Refused refused) {
            return new Result.RebuildNeeded(refused.getMessage());
        }
    }

    /** A patch that cannot be done; control flow only, so no stack trace. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** An assignment's key within one assignee. */
    private record RowKey(String role, AssignmentSource source) {
    }

    /** A user as the changes left it (loaded from the base when first touched). */
    private static final class UserEdit {
        boolean exists;
        boolean active;
        final Map<RowKey, Validity> rows = new LinkedHashMap<>();
        final Set<String> groups = new TreeSet<>();
    }

    /** A group as the changes left it. */
    private static final class GroupEdit {
        boolean exists;
        final Map<RowKey, Validity> rows = new LinkedHashMap<>();
    }

    /** A role as the changes left it: its definition, or null when deleted. */
    private static final class RoleEdit {
        RoleDef def;
    }

    /** Rows of one assignee, for splicing into a table (roles as indices of the new role table). */
    private record Rows(int[] roles, byte[] sources, Validity[] validities) {
    }

    private static final class Patch {
        private final Snapshot base;
        private final Catalog catalog;
        private final RoleTable roles;
        private final SubjectTable subjects;

        private final Map<String, UserEdit> userEdits = new HashMap<>();
        private final Map<String, GroupEdit> groupEdits = new HashMap<>();
        private final Map<String, RoleEdit> roleEdits = new HashMap<>();
        /** Roles deleted at some point: the base's rows and inheritance links to them are gone. */
        private final Set<String> voidedRoles = new HashSet<>();
        /** Groups deleted at some point: the base's memberships in them are gone. */
        private final Set<String> voidedGroups = new HashSet<>();
        private final Map<String, PermissionDef> permissionEdits = new LinkedHashMap<>();

        Patch(Snapshot base) {
            this.base = base;
            this.catalog = base.catalog;
            this.roles = base.roles;
            this.subjects = base.subjects;
        }

        // ------------------------------------------------------------ the changes, on names

        Patch apply(List<? extends ModelChange> changes) {
            for (ModelChange change : changes) {
                if (change instanceof ModelChange.UserPut c) {
                    UserEdit e = user(c.id());
                    e.exists = true;
                    e.active = c.active();
                } else if (change instanceof ModelChange.UserDelete c) {
                    if (userExists(c.id())) {
                        UserEdit e = user(c.id());
                        e.exists = false;
                        e.rows.clear();
                        e.groups.clear();
                    }
                } else if (change instanceof ModelChange.GroupPut c) {
                    group(c.id()).exists = true;
                } else if (change instanceof ModelChange.GroupDelete c) {
                    if (groupExists(c.id())) {
                        GroupEdit e = group(c.id());
                        e.exists = false;
                        e.rows.clear();
                        voidedGroups.add(c.id());
                        userEdits.values().forEach(u -> u.groups.remove(c.id()));
                    }
                } else if (change instanceof ModelChange.MemberAdd c) {
                    require(groupExists(c.group()), change, "no group " + c.group());
                    require(userExists(c.user()), change, "no user " + c.user());
                    user(c.user()).groups.add(c.group());
                } else if (change instanceof ModelChange.MemberRemove c) {
                    if (userExists(c.user())) {
                        user(c.user()).groups.remove(c.group());
                    }
                } else if (change instanceof ModelChange.AssignmentPut c) {
                    AssignmentDef a = c.assignment();
                    boolean isUser = a.kind() == AssigneeKind.USER;
                    require(isUser ? userExists(a.assignee()) : groupExists(a.assignee()), change,
                            "no " + (isUser ? "user " : "group ") + a.assignee());
                    require(roleExists(a.role()), change, "no role " + a.role());
                    rows(a.kind(), a.assignee()).put(new RowKey(a.role(), a.source()), a.validity());
                } else if (change instanceof ModelChange.AssignmentDelete c) {
                    if (c.kind() == AssigneeKind.USER ? userExists(c.assignee()) : groupExists(c.assignee())) {
                        rows(c.kind(), c.assignee()).remove(new RowKey(c.role(), c.source()));
                    }
                } else if (change instanceof ModelChange.RolePut c) {
                    roleEdits.computeIfAbsent(c.role().name(), k -> new RoleEdit()).def = c.role();
                } else if (change instanceof ModelChange.RoleDelete c) {
                    if (roleExists(c.name())) {
                        deleteRole(c.name());
                    }
                } else if (change instanceof ModelChange.PermissionPut c) {
                    if (catalog.permissions.indexOf(c.permission().name()) < 0) {
                        throw new Refused("permission " + c.permission().name() + " is new: every permission bit moves");
                    }
                    permissionEdits.put(c.permission().name(), c.permission());
                } else if (change instanceof ModelChange.PermissionDelete c) {
                    if (catalog.permissions.indexOf(c.name()) >= 0) {
                        throw new Refused("permission " + c.name() + " is deleted: every permission bit moves");
                    }
                }
            }
            return this;
        }

        private void deleteRole(String name) {
            roleEdits.computeIfAbsent(name, k -> new RoleEdit()).def = null;
            voidedRoles.add(name);
            userEdits.values().forEach(u -> u.rows.keySet().removeIf(k -> k.role().equals(name)));
            groupEdits.values().forEach(g -> g.rows.keySet().removeIf(k -> k.role().equals(name)));
            for (RoleEdit edit : roleEdits.values()) {
                RoleDef def = edit.def;
                if (def != null && def.inherits().contains(name)) {
                    edit.def = new RoleDef(def.name(), def.grants(),
                            def.inherits().stream().filter(i -> !i.equals(name)).toList());
                }
            }
        }

        private static void require(boolean condition, ModelChange change, String message) {
            if (!condition) {
                throw new Refused(change + " refused: " + message);
            }
        }

        private boolean userExists(String id) {
            UserEdit e = userEdits.get(id);
            return e != null ? e.exists : subjects.users.indexOf(id) >= 0;
        }

        private boolean groupExists(String id) {
            GroupEdit e = groupEdits.get(id);
            return e != null ? e.exists : subjects.groups.indexOf(id) >= 0;
        }

        private boolean roleExists(String name) {
            RoleEdit e = roleEdits.get(name);
            return e != null ? e.def != null : roles.roles.indexOf(name) >= 0;
        }

        private Map<RowKey, Validity> rows(AssigneeKind kind, String assignee) {
            return kind == AssigneeKind.USER ? user(assignee).rows : group(assignee).rows;
        }

        /** The user's edit, loaded from the base on first touch (without what voided roles and groups took). */
        private UserEdit user(String id) {
            UserEdit e = userEdits.get(id);
            if (e == null) {
                e = new UserEdit();
                int u = subjects.users.indexOf(id);
                if (u >= 0) {
                    e.exists = true;
                    e.active = subjects.active[u];
                    loadRows(subjects.userAssignments, u, e.rows);
                    for (int m = subjects.memberOffsets[u]; m < subjects.memberOffsets[u + 1]; m++) {
                        String group = subjects.groups.name(subjects.memberGroups[m]);
                        if (!voidedGroups.contains(group)) {
                            e.groups.add(group);
                        }
                    }
                }
                userEdits.put(id, e);
            }
            return e;
        }

        private GroupEdit group(String id) {
            GroupEdit e = groupEdits.get(id);
            if (e == null) {
                e = new GroupEdit();
                int g = subjects.groups.indexOf(id);
                if (g >= 0) {
                    e.exists = true;
                    loadRows(subjects.groupAssignments, g, e.rows);
                }
                groupEdits.put(id, e);
            }
            return e;
        }

        private void loadRows(AssignmentTable table, int assignee, Map<RowKey, Validity> into) {
            AssignmentSource[] sources = AssignmentSource.values();
            AssignmentTable.Chunk chunk = table.chunk(assignee);
            int local = AssignmentTable.local(assignee);
            for (int i = chunk.offsets[local]; i < chunk.offsets[local + 1]; i++) {
                String role = roles.roles.name(chunk.roles[i]);
                if (!voidedRoles.contains(role)) {
                    into.put(new RowKey(role, sources[chunk.sources[i]]), chunk.validities[i]);
                }
            }
        }

        // ------------------------------------------------------------ the new snapshot, on ints

        Snapshot build(long revision) {
            Catalog newCatalog = permissionEdits.isEmpty() ? catalog : patchCatalog();
            RolePatch rolePatch = roleEdits.isEmpty() ? RolePatch.unchanged(roles) : patchRoles();
            Snapshot patched = new Snapshot(base.account(), revision, newCatalog, rolePatch.table,
                    patchSubjects(rolePatch), base);
            return patched;
        }

        private Catalog patchCatalog() {
            int count = catalog.permissions.size();
            List<List<String>> operations = new ArrayList<>(count);
            for (int p = 0; p < count; p++) {
                operations.add(new ArrayList<>());
            }
            for (int op = 0; op < catalog.operationRequires.length; op++) {
                for (int p : catalog.operationRequires[op]) {
                    operations.get(p).add(catalog.operations.name(op));
                }
            }
            List<PermissionDef> defs = new ArrayList<>(count);
            for (int p = 0; p < count; p++) {
                String name = catalog.permissions.name(p);
                PermissionDef edit = permissionEdits.get(name);
                if (edit != null) {
                    for (String operation : edit.operations()) {
                        if (!Names.isName(operation)) {
                            throw new Refused("permission " + name + " lists an invalid operation name");
                        }
                    }
                }
                defs.add(edit != null ? edit : new PermissionDef(name, operations.get(p)));
            }
            return SnapshotCompiler.compileCatalog(defs, catalog.permissions);
        }

        /** The new role table, and how it relates to the base's. */
        private record RolePatch(RoleTable table, int[] rowMap, boolean[] closureChanged) {
            static RolePatch unchanged(RoleTable table) {
                return new RolePatch(table, null, null);
            }

            /** The new index of base role {@code r}, or -1 when its rows are gone. */
            int map(int r) {
                return rowMap == null ? r : rowMap[r];
            }

            boolean changed(int newRole) {
                return closureChanged != null && closureChanged[newRole];
            }

            boolean anyChanged() {
                if (closureChanged != null) {
                    for (boolean c : closureChanged) {
                        if (c) {
                            return true;
                        }
                    }
                }
                return false;
            }
        }

        private RolePatch patchRoles() {
            NameIndex permissions = catalog.permissions;
            List<String> names = new ArrayList<>();
            for (int r = 0; r < roles.roles.size(); r++) {
                RoleEdit edit = roleEdits.get(roles.roles.name(r));
                if (edit == null || edit.def != null) {
                    names.add(roles.roles.name(r));
                }
            }
            boolean sameSet = names.size() == roles.roles.size();
            for (Map.Entry<String, RoleEdit> e : roleEdits.entrySet()) {
                if (e.getValue().def != null && roles.roles.indexOf(e.getKey()) < 0) {
                    if (!Names.isName(e.getKey())) {
                        throw new Refused("role " + e.getKey() + " has an invalid name");
                    }
                    names.add(e.getKey());
                    sameSet = false;
                }
            }
            NameIndex index = sameSet ? roles.roles : NameIndex.of(names);
            int[] rowMap = null;
            if (!sameSet || !voidedRoles.isEmpty()) {
                rowMap = new int[roles.roles.size()];
                for (int r = 0; r < rowMap.length; r++) {
                    String name = roles.roles.name(r);
                    rowMap[r] = voidedRoles.contains(name) ? -1 : index.indexOf(name);
                }
            }
            int count = index.size();
            long[][] grants = new long[count][];
            int[][] inherits = new int[count][];
            Map<String, List<String>> graph = new HashMap<>();
            boolean inheritanceEdited = false;
            for (int n = 0; n < count; n++) {
                String name = index.name(n);
                RoleEdit edit = roleEdits.get(name);
                IntList list = new IntList();
                if (edit != null) {
                    RoleDef def = edit.def;
                    for (String grant : def.grants()) {
                        if (!Names.isGrant(grant) || (!Names.isWildcard(grant) && permissions.indexOf(grant) < 0)) {
                            throw new Refused("role " + name + " grants " + grant + ", not a permission of the catalog");
                        }
                    }
                    grants[n] = SnapshotCompiler.grantBits(def.grants(), permissions);
                    for (String inherited : def.inherits()) {
                        int i = Names.isName(inherited) ? index.indexOf(inherited) : -1;
                        if (i < 0) {
                            throw new Refused("role " + name + " inherits " + inherited + ", which is not a role");
                        }
                        list.add(i);
                    }
                    inheritanceEdited |= !def.inherits().isEmpty();
                } else {
                    int old = roles.roles.indexOf(name);
                    grants[n] = roles.grants[old];
                    for (int inherited : roles.inherits[old]) {
                        int i = rowMap == null ? inherited : rowMap[inherited];
                        if (i >= 0) {
                            list.add(i);
                        }
                    }
                }
                inherits[n] = list.toSortedDistinctArray();
                List<String> edges = new ArrayList<>(inherits[n].length);
                for (int i : inherits[n]) {
                    edges.add(index.name(i));
                }
                graph.put(name, edges);
            }
            if (inheritanceEdited && RoleGraph.findCycle(graph).isPresent()) {
                throw new Refused("role inheritance cycle");
            }
            long[][] closed = SnapshotCompiler.close(grants, inherits);
            boolean[] changed = new boolean[count];
            for (int n = 0; n < count; n++) {
                String name = index.name(n);
                int old = voidedRoles.contains(name) ? -1 : roles.roles.indexOf(name);
                if (old >= 0 && Arrays.equals(closed[n], roles.closed[old])) {
                    closed[n] = roles.closed[old]; // shared with the base's time-bounded grants
                } else {
                    changed[n] = true;
                }
            }
            return new RolePatch(new RoleTable(index, grants, inherits, closed), rowMap, changed);
        }

        private SubjectTable patchSubjects(RolePatch rolePatch) {
            if (userEdits.isEmpty() && groupEdits.isEmpty() && rolePatch.rowMap == null && !rolePatch.anyChanged()) {
                return subjects; // only the catalog or a role's wording changed: users are as they were
            }
            // ---- the groups
            NameIndex groups = subjects.groups;
            int[] groupFromOld = null; // new group → base group, -1 for a created one
            {
                boolean same = true;
                for (Map.Entry<String, GroupEdit> e : groupEdits.entrySet()) {
                    boolean inBase = groups.indexOf(e.getKey()) >= 0;
                    if (e.getValue().exists != inBase) {
                        same = false;
                        if (!inBase && !Names.isUserId(e.getKey())) {
                            throw new Refused("group " + e.getKey() + " has an invalid id");
                        }
                    }
                }
                if (!same) {
                    groups = NameIndex.of(survivors(groups, groupEdits, e -> e.exists));
                    groupFromOld = fromOld(groups, subjects.groups);
                }
            }
            int groupCount = groups.size();
            // base membership rows → new group, -1 when the group is gone (voided)
            int[] membershipMap = null;
            if (groupFromOld != null || !voidedGroups.isEmpty()) {
                membershipMap = new int[subjects.groups.size()];
                for (int g = 0; g < membershipMap.length; g++) {
                    String name = subjects.groups.name(g);
                    membershipMap[g] = voidedGroups.contains(name) ? -1 : groups.indexOf(name);
                }
            }
            Map<Integer, Rows> groupOverrides = new HashMap<>();
            boolean[] groupDirty = new boolean[groupCount];
            boolean anyGroupDirty = false;
            for (Map.Entry<String, GroupEdit> e : groupEdits.entrySet()) {
                if (e.getValue().exists) {
                    int g = groups.indexOf(e.getKey());
                    groupOverrides.put(g, rows(e.getValue().rows, rolePatch.table.roles));
                    groupDirty[g] = true;
                    anyGroupDirty = true;
                }
            }
            AssignmentTable groupAssignments = splice(subjects.groupAssignments, groupCount, groupFromOld, rolePatch,
                    groupOverrides, groupDirty);
            if (rolePatch.closureChanged != null || rolePatch.rowMap != null) {
                anyGroupDirty |= markChangedRoles(groupAssignments, rolePatch, groupDirty);
            }
            for (boolean d : groupDirty) {
                anyGroupDirty |= d;
            }

            // ---- the users
            NameIndex users = subjects.users;
            int[] userFromOld = null;
            boolean created = false;
            {
                // the edits alone tell whether a user comes or goes (no walk over every user)
                boolean same = true;
                for (Map.Entry<String, UserEdit> e : userEdits.entrySet()) {
                    boolean inBase = users.indexOf(e.getKey()) >= 0;
                    if (e.getValue().exists != inBase) {
                        same = false;
                        if (!inBase) {
                            if (!Names.isUserId(e.getKey())) {
                                throw new Refused("user " + e.getKey() + " has an invalid id");
                            }
                            created = true;
                        }
                    }
                }
                if (created && subjects.danglingMembers) {
                    throw new Refused("a user is created while groups list members that name no user");
                }
                if (!same) {
                    users = NameIndex.of(survivors(users, userEdits, e -> e.exists));
                    userFromOld = fromOld(users, subjects.users);
                }
            }
            int userCount = users.size();
            Map<Integer, Rows> userOverrides = new HashMap<>();
            int[][] membershipOverrides = new int[userCount][];
            boolean[] affected = new boolean[userCount];
            List<Integer> edited = new ArrayList<>();
            for (Map.Entry<String, UserEdit> e : userEdits.entrySet()) {
                UserEdit edit = e.getValue();
                if (edit.exists) {
                    int u = users.indexOf(e.getKey());
                    userOverrides.put(u, rows(edit.rows, rolePatch.table.roles));
                    int[] memberOf = new int[edit.groups.size()];
                    int i = 0;
                    for (String group : edit.groups) {
                        memberOf[i++] = groups.indexOf(group);
                    }
                    Arrays.sort(memberOf);
                    membershipOverrides[u] = memberOf;
                    affected[u] = true;
                    edited.add(u);
                }
            }
            AssignmentTable userAssignments = splice(subjects.userAssignments, userCount, userFromOld, rolePatch,
                    userOverrides, affected);
            int[][] memberships = spliceMemberships(userCount, userFromOld, membershipMap, membershipOverrides, affected);
            int[] memberOffsets = memberships[0];
            int[] memberGroups = memberships[1];
            if (rolePatch.closureChanged != null || rolePatch.rowMap != null) {
                markChangedRoles(userAssignments, rolePatch, affected);
            }
            if (anyGroupDirty) {
                for (int u = 0; u < userCount; u++) {
                    for (int m = memberOffsets[u]; m < memberOffsets[u + 1] && !affected[u]; m++) {
                        affected[u] = groupDirty[memberGroups[m]];
                    }
                }
            }

            // ---- status, bitsets and time-bounded grants: copied, then the affected users folded again
            boolean statusChanged = userFromOld != null;
            for (int i = 0; i < edited.size() && !statusChanged; i++) {
                int u = edited.get(i); // a base index: no user was created or deleted
                statusChanged = userEdits.get(users.name(u)).active != subjects.active[u];
            }
            boolean[] active = !statusChanged ? subjects.active
                    : userFromOld == null ? subjects.active.clone() : new boolean[userCount];
            int[] bitsId = userFromOld == null ? subjects.bitsId.clone() : new int[userCount];
            TimedGrant[][] timed = userFromOld == null ? subjects.timed.clone() : new TimedGrant[userCount][];
            if (userFromOld != null) {
                for (int u = 0; u < userCount; u++) {
                    int old = userFromOld[u];
                    active[u] = old >= 0 && subjects.active[old];
                    bitsId[u] = old >= 0 ? subjects.bitsId[old] : 0;
                    timed[u] = old >= 0 ? subjects.timed[old] : NO_TIMED;
                }
            }
            for (int u : edited) {
                active[u] = userEdits.get(users.name(u)).active;
            }
            long[][] distinctBits = refold(rolePatch.table, userCount, userAssignments, groupAssignments, memberOffsets,
                    memberGroups, affected, active, bitsId, timed, userFromOld);
            return new SubjectTable(users, active, bitsId, distinctBits, timed, groups, memberOffsets, memberGroups,
                    userAssignments, groupAssignments, subjects.danglingMembers);
        }

        /** Folds the affected users again; the bitsets they need that the base lacks are appended. */
        private long[][] refold(RoleTable roleTable, int userCount, AssignmentTable userAssignments,
                AssignmentTable groupAssignments, int[] memberOffsets, int[] memberGroups, boolean[] affected,
                boolean[] active, int[] bitsId, TimedGrant[][] timed, int[] userFromOld) {
            long[][] baseBits = subjects.distinctBits;
            List<long[]> added = new ArrayList<>();
            Map<SnapshotCompiler.LongArrayKey, Integer> addedIds = new HashMap<>();
            SubjectFolder folder = new SubjectFolder(roleTable.closed, userAssignments, groupAssignments,
                    memberOffsets, memberGroups);
            int permissionCount = catalog.permissions.size();
            for (int u = 0; u < userCount; u++) {
                if (!affected[u]) {
                    continue;
                }
                int previous = bitsId[u];
                bitsId[u] = 0;
                timed[u] = NO_TIMED;
                if (!active[u]) {
                    continue;
                }
                int size = folder.fold(u);
                if (size > 0) {
                    long[] fresh = SnapshotCompiler.unboundedBits(roleTable.closed, folder.roleSet, size, permissionCount);
                    if (Arrays.equals(fresh, baseBits[previous])) {
                        bitsId[u] = previous; // the usual case for a time-bounded or redundant change
                    } else if (Arrays.equals(fresh, baseBits[0])) {
                        bitsId[u] = 0; // roles that grant nothing: the empty set, as the compiler interns it
                    } else {
                        SnapshotCompiler.LongArrayKey key = new SnapshotCompiler.LongArrayKey(fresh);
                        Integer id = addedIds.get(key);
                        if (id == null) {
                            id = baseBits.length + added.size();
                            added.add(fresh);
                            addedIds.put(key, id);
                        }
                        bitsId[u] = id;
                    }
                }
                long[] bits = bitsId[u] < baseBits.length ? baseBits[bitsId[u]] : added.get(bitsId[u] - baseBits.length);
                timed[u] = SnapshotCompiler.relevant(folder.timed, bits);
            }
            if (added.isEmpty()) {
                return baseBits;
            }
            long[][] all = Arrays.copyOf(baseBits, baseBits.length + added.size());
            for (int i = 0; i < added.size(); i++) {
                all[baseBits.length + i] = added.get(i);
            }
            return all;
        }

        /** Marks the assignees holding a row of a role whose closure changed. */
        private static boolean markChangedRoles(AssignmentTable table, RolePatch rolePatch, boolean[] marks) {
            boolean any = false;
            for (int c = 0; c < table.chunkCount(); c++) {
                AssignmentTable.Chunk chunk = table.chunkAt(c);
                int first = c << AssignmentTable.CHUNK_BITS;
                for (int l = 0; l < chunk.assignees(); l++) {
                    int a = first + l;
                    for (int i = chunk.offsets[l]; i < chunk.offsets[l + 1] && !marks[a]; i++) {
                        if (rolePatch.changed(chunk.roles[i])) {
                            marks[a] = true;
                            any = true;
                        }
                    }
                }
            }
            return any;
        }

        /** The base's names without those whose edit says they are gone, and the names the edits create. */
        private static <E> List<String> survivors(NameIndex base, Map<String, E> edits, java.util.function.Predicate<E> exists) {
            List<String> names = new ArrayList<>(base.size() + edits.size());
            for (int i = 0; i < base.size(); i++) {
                E edit = edits.get(base.name(i));
                if (edit == null || exists.test(edit)) {
                    names.add(base.name(i));
                }
            }
            edits.forEach((name, edit) -> {
                if (exists.test(edit) && base.indexOf(name) < 0) {
                    names.add(name);
                }
            });
            return names;
        }

        /** The new-index → base-index map of two name indices (-1 for a name new in {@code next}). */
        private static int[] fromOld(NameIndex next, NameIndex old) {
            int[] map = new int[next.size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = old.indexOf(next.name(i));
            }
            return map;
        }

        private static Rows rows(Map<RowKey, Validity> rows, NameIndex roleIndex) {
            int n = rows.size();
            Rows out = new Rows(new int[n], new byte[n], new Validity[n]);
            int i = 0;
            for (Map.Entry<RowKey, Validity> e : rows.entrySet()) {
                out.roles[i] = roleIndex.indexOf(e.getKey().role());
                out.sources[i] = (byte) e.getKey().source().ordinal();
                out.validities[i] = e.getValue();
                i++;
            }
            return out;
        }

        /**
         * A new assignment table: the overridden assignees' rows, and everybody else's rows from
         * the base (through the role map; rows of a voided role dropped, their assignee marked).
         * When assignees and roles keep their indices, only the chunks holding an overridden
         * assignee are built again; every other chunk is the base's.
         */
        private static AssignmentTable splice(AssignmentTable old, int count, int[] fromOld, RolePatch rolePatch,
                Map<Integer, Rows> overrides, boolean[] marks) {
            if (fromOld == null && rolePatch.rowMap == null) {
                if (overrides.isEmpty()) {
                    return old; // no row of this table changed: shared with the base
                }
                AssignmentTable.Chunk[] replaced = new AssignmentTable.Chunk[old.chunkCount()];
                for (int a : overrides.keySet()) {
                    int c = a >>> AssignmentTable.CHUNK_BITS;
                    if (replaced[c] == null) {
                        replaced[c] = spliceChunk(old.chunkAt(c), c << AssignmentTable.CHUNK_BITS, overrides);
                    }
                }
                return old.with(replaced);
            }
            // indices move (an assignee or a role created or deleted): every row is rewritten
            int[] offsets = new int[count + 1];
            for (int a = 0; a < count; a++) {
                Rows override = overrides.get(a);
                int n = 0;
                if (override != null) {
                    n = override.roles.length;
                } else {
                    int o = fromOld == null ? a : fromOld[a];
                    if (o >= 0) {
                        AssignmentTable.Chunk chunk = old.chunk(o);
                        int l = AssignmentTable.local(o);
                        for (int i = chunk.offsets[l]; i < chunk.offsets[l + 1]; i++) {
                            if (rolePatch.map(chunk.roles[i]) >= 0) {
                                n++;
                            } else {
                                marks[a] = true;
                            }
                        }
                    }
                }
                offsets[a + 1] = offsets[a] + n;
            }
            int total = offsets[count];
            int[] roles = new int[total];
            byte[] sources = new byte[total];
            Validity[] validities = new Validity[total];
            for (int a = 0; a < count; a++) {
                Rows override = overrides.get(a);
                if (override != null) {
                    System.arraycopy(override.roles, 0, roles, offsets[a], override.roles.length);
                    System.arraycopy(override.sources, 0, sources, offsets[a], override.roles.length);
                    System.arraycopy(override.validities, 0, validities, offsets[a], override.roles.length);
                    continue;
                }
                int o = fromOld == null ? a : fromOld[a];
                if (o < 0) {
                    continue;
                }
                AssignmentTable.Chunk chunk = old.chunk(o);
                int l = AssignmentTable.local(o);
                int at = offsets[a];
                for (int i = chunk.offsets[l]; i < chunk.offsets[l + 1]; i++) {
                    int role = rolePatch.map(chunk.roles[i]);
                    if (role >= 0) {
                        roles[at] = role;
                        sources[at] = chunk.sources[i];
                        validities[at] = chunk.validities[i];
                        at++;
                    }
                }
            }
            return AssignmentTable.of(offsets, roles, sources, validities);
        }

        /** Chunk {@code old} (whose first assignee is {@code first}) with the overridden assignees' rows in place. */
        private static AssignmentTable.Chunk spliceChunk(AssignmentTable.Chunk old, int first, Map<Integer, Rows> overrides) {
            int n = old.assignees();
            int[] offsets = new int[n + 1];
            for (int l = 0; l < n; l++) {
                Rows override = overrides.get(first + l);
                offsets[l + 1] = offsets[l] + (override != null ? override.roles.length : old.offsets[l + 1] - old.offsets[l]);
            }
            int total = offsets[n];
            int[] roles = new int[total];
            byte[] sources = new byte[total];
            Validity[] validities = new Validity[total];
            int l = 0;
            while (l < n) {
                Rows override = overrides.get(first + l);
                if (override != null) {
                    System.arraycopy(override.roles, 0, roles, offsets[l], override.roles.length);
                    System.arraycopy(override.sources, 0, sources, offsets[l], override.roles.length);
                    System.arraycopy(override.validities, 0, validities, offsets[l], override.roles.length);
                    l++;
                    continue;
                }
                // a run of unchanged assignees: one copy
                int end = l + 1;
                while (end < n && !overrides.containsKey(first + end)) {
                    end++;
                }
                int from = old.offsets[l];
                int length = old.offsets[end] - from;
                System.arraycopy(old.roles, from, roles, offsets[l], length);
                System.arraycopy(old.sources, from, sources, offsets[l], length);
                System.arraycopy(old.validities, from, validities, offsets[l], length);
                l = end;
            }
            return new AssignmentTable.Chunk(offsets, roles, sources, validities);
        }

        /**
         * The new user → groups rows, as {@code {offsets, groups}}; a user who lost a membership is
         * marked. Shared with the base when no membership changed.
         */
        private int[][] spliceMemberships(int count, int[] fromOld, int[] groupMap, int[][] overrides, boolean[] marks) {
            int[] oldOffsets = subjects.memberOffsets;
            int[] oldGroups = subjects.memberGroups;
            if (fromOld == null && groupMap == null) {
                boolean same = true;
                for (int u = 0; u < count && same; u++) {
                    same = overrides[u] == null
                            || Arrays.equals(overrides[u], 0, overrides[u].length, oldGroups, oldOffsets[u], oldOffsets[u + 1]);
                }
                if (same) {
                    return new int[][] {oldOffsets, oldGroups};
                }
            }
            int[] offsets = new int[count + 1];
            for (int u = 0; u < count; u++) {
                int n = 0;
                if (overrides[u] != null) {
                    n = overrides[u].length;
                } else {
                    int o = fromOld == null ? u : fromOld[u];
                    if (o >= 0) {
                        if (groupMap == null) {
                            n = oldOffsets[o + 1] - oldOffsets[o];
                        } else {
                            for (int i = oldOffsets[o]; i < oldOffsets[o + 1]; i++) {
                                if (groupMap[oldGroups[i]] >= 0) {
                                    n++;
                                } else {
                                    marks[u] = true;
                                }
                            }
                        }
                    }
                }
                offsets[u + 1] = offsets[u] + n;
            }
            int[] groups = new int[offsets[count]];
            for (int u = 0; u < count; u++) {
                if (overrides[u] != null) {
                    System.arraycopy(overrides[u], 0, groups, offsets[u], overrides[u].length);
                    continue;
                }
                int o = fromOld == null ? u : fromOld[u];
                if (o < 0) {
                    continue;
                }
                if (groupMap == null) {
                    System.arraycopy(oldGroups, oldOffsets[o], groups, offsets[u], oldOffsets[o + 1] - oldOffsets[o]);
                } else {
                    int at = offsets[u];
                    for (int i = oldOffsets[o]; i < oldOffsets[o + 1]; i++) {
                        int g = groupMap[oldGroups[i]];
                        if (g >= 0) {
                            groups[at++] = g; // the map keeps name order, so rows stay ascending
                        }
                    }
                }
            }
            return new int[][] {offsets, groups};
        }
    }
}
