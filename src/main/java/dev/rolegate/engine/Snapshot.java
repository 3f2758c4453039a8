package dev.rolegate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One account compiled at one revision: immutable, thread safe, shared by every check.
 * Built by {@link SnapshotCompiler#compile}. (Its effective-access caches fill on first use;
 * concurrent readers at worst compute the same immutable answer twice.) All methods are pure functions of the snapshot and
 * {@code now}; none throws for unknown names (unknown means deny). Arguments must not be null
 * ({@link NullPointerException}).
 *
 * <h2>Decision rules (DESIGN.md §1)</h2>
 * An operation requires every permission that lists it; a {@link Target.Permission} requires
 * just that permission. A subject may perform a target iff the subject is an active user who
 * holds every required permission at {@code now}. A user holds a permission iff a role assigned
 * to the user directly, or to a group the user is a member of, or inherited transitively from
 * such a role, has a grant that {@link Names#grantCovers covers} it, and that assignment's
 * {@link Validity} covers {@code now} ({@code validFrom} inclusive, {@code expiresAt} exclusive).
 *
 * <h2>Order of the checks, and which reason means what</h2>
 * <ol>
 *   <li>the target: an operation that no permission lists → {@link Reason#UNKNOWN_OPERATION};
 *       a permission outside the catalog → {@link Reason#UNKNOWN_PERMISSION};</li>
 *   <li>the subject: no such user → {@link Reason#UNKNOWN_SUBJECT};</li>
 *   <li>a disabled user → {@link Reason#SUBJECT_DISABLED};</li>
 *   <li>required permissions not held → {@link Reason#MISSING_PERMISSION}, with
 *       {@link Decision#missing()} listing them sorted by name;</li>
 *   <li>otherwise {@link Decision#ALLOW}.</li>
 * </ol>
 * The target comes first so that a misspelt operation name gets the same answer whoever asks:
 * a caller learns of its own typo on the first check, not only for known subjects.
 *
 * <h2>Cost</h2>
 * A check is two hash look-ups and one bit test per required permission (plus, only when that
 * bit is clear, one per time-bounded assignment of the user); an allowed check allocates nothing and returns the
 * shared {@link Decision#ALLOW}; denials for unknown or disabled subjects, unknown targets and
 * a single missing permission return shared instances too (only a denial missing several
 * permissions builds a list). {@link #effectiveAccess} is cached per distinct permission set,
 * and for users with time-bounded assignments per user for as long as none starts or ends.
 * {@link #usersAllowed} scans the users. {@link #explain} walks the model breadth first; it is
 * meant for people, not for the hot path.
 *
 * <p>Every list returned is immutable and sorted by {@link String#compareTo} (for the ASCII
 * alphabets of {@link Names}, byte order).
 */
public final class Snapshot {

    private static final Decision UNKNOWN_SUBJECT = Decision.deny(Reason.UNKNOWN_SUBJECT);
    private static final Decision SUBJECT_DISABLED = Decision.deny(Reason.SUBJECT_DISABLED);
    private static final Decision UNKNOWN_OPERATION = Decision.deny(Reason.UNKNOWN_OPERATION);
    private static final Decision UNKNOWN_PERMISSION = Decision.deny(Reason.UNKNOWN_PERMISSION);

    private final String account;
    private final long revision;
    final Catalog catalog;
    final RoleTable roles;
    final SubjectTable subjects;

    // the hot path's arrays, read straight from fields
    private final NameIndex users;
    private final NameIndex operations;
    private final NameIndex permissions;
    private final int[][] operationRequires;
    private final int[][] permissionSelf;
    private final boolean[] active;
    private final int[] bitsId;
    private final long[][] distinctBits;
    private final TimedGrant[][] timed;
    /** permission → the denial that lacks just that permission, shared. */
    private final Decision[] missingOne;
    /**
     * Effective access per distinct unbounded bitset, filled on first use. Only users without
     * time-bounded grants use it: their answer does not depend on {@code now}.
     */
    private final AccessCache accessCache;
    /** Effective access per user with time-bounded grants, with the window it holds for. */
    private final AtomicReferenceArray<WindowedAccess> timedAccessCache;

    Snapshot(String account, long revision, Catalog catalog, RoleTable roles, SubjectTable subjects) {
        this(account, revision, catalog, roles, subjects, null);
    }

    /**
     * @param previous a snapshot this one is patched from, or null; when it has the same catalog,
     *                 its shared denials are this one's too (they depend on the catalog only)
     */
    Snapshot(String account, long revision, Catalog catalog, RoleTable roles, SubjectTable subjects, Snapshot previous) {
        this.account = account;
        this.revision = revision;
        this.catalog = catalog;
        this.roles = roles;
        this.subjects = subjects;
        this.users = subjects.users;
        this.operations = catalog.operations;
        this.permissions = catalog.permissions;
        this.operationRequires = catalog.operationRequires;
        this.permissionSelf = catalog.permissionSelf;
        this.active = subjects.active;
        this.bitsId = subjects.bitsId;
        this.distinctBits = subjects.distinctBits;
        this.timed = subjects.timed;
        if (previous != null && previous.catalog == catalog) {
            this.missingOne = previous.missingOne;
        } else {
            this.missingOne = new Decision[permissions.size()];
            for (int p = 0; p < missingOne.length; p++) {
                missingOne[p] = Decision.missing(List.of(permissions.name(p)));
            }
        }
        // a patched snapshot shares the cached answers of the permission sets it keeps from its base
        this.accessCache = previous != null && previous.catalog == catalog
                ? previous.accessCache.derive(previous.distinctBits, distinctBits)
                : AccessCache.empty(distinctBits.length);
        this.timedAccessCache = new AtomicReferenceArray<>(timed.length);
    }

    /** The account id. */
    public String account() {
        return account;
    }

    /** The revision this snapshot was compiled at. */
    public long revision() {
        return revision;
    }

    /** True when the account has a user with this id, active or not. */
    public boolean hasUser(String subject) {
        return users.indexOf(subject) >= 0;
    }

    /** The ids of the account's users, active or not, sorted; a fresh list (linear in the users). */
    public List<String> userIds() {
        List<String> ids = new ArrayList<>(users.size());
        for (int u = 0; u < users.size(); u++) {
            ids.add(users.name(u));
        }
        return ids;
    }

    /** True when some permission of the catalog lists this operation. */
    public boolean hasOperation(String operation) {
        return operations.indexOf(operation) >= 0;
    }

    /**
     * Decides whether {@code subject} may perform {@code target} at {@code now}, by the rules and
     * in the order stated on this class.
     *
     * @param subject a user id; any string (unknown ids deny)
     * @param target  an operation or a single permission
     * @param now     the instant assignments' validity is evaluated at
     */
    public Decision check(String subject, Target target, Instant now) {
        Objects.requireNonNull(now, "now");
        int[] required = required(target);
        if (required == null) {
            return target instanceof Target.Operation ? UNKNOWN_OPERATION : UNKNOWN_PERMISSION;
        }
        int user = users.indexOf(subject);
        if (user < 0) {
            return UNKNOWN_SUBJECT;
        }
        if (!active[user]) {
            return SUBJECT_DISABLED;
        }
        long[] bits = distinctBits[bitsId[user]];
        for (int i = 0; i < required.length; i++) {
            int permission = required[i];
            // the unbounded bitset answers almost every check; time-bounded grants only on a miss
            if (!Bits.get(bits, permission) && !heldByTimedGrant(timed[user], permission, now)) {
                return missing(bits, timed[user], required, i, now);
            }
        }
        return Decision.ALLOW;
    }

    /**
     * Like {@link #check}, with the paths that lead from the subject to each required permission
     * it holds: {@code user → (group →) role → inherited role… → permission (→ operation)}, one
     * shortest path per held permission (direct assignments before groups at equal length, then
     * by name), ordered by permission name. For a denial for missing permissions the decision
     * lists what is missing and the paths show what is held; for any other denial there are no
     * paths.
     *
     * <p>The first role step has kind {@link Explanation.Kind#ROLE} and carries the assignment's
     * {@link AssignmentSource#wireName() source}; roles reached by inheritance are
     * {@link Explanation.Kind#INHERITED_ROLE}; every other step has an empty source.
     */
    public Explanation explain(String subject, Target target, Instant now) {
        Decision decision = check(subject, target, now);
        Reason reason = decision.reason();
        if (reason != Reason.ALLOWED && reason != Reason.MISSING_PERMISSION) {
            return new Explanation(decision, List.of());
        }
        return new Explanation(decision,
                new Explainer(this).paths(users.indexOf(subject), target, required(target), now));
    }

    /**
     * "What may this user do": the permissions held and the operations allowed at {@code now}
     * (an operation is allowed iff every permission that lists it is held). Unknown and disabled
     * subjects get {@link EffectiveAccess#NOTHING}. Agrees with {@link #check} for every
     * operation and permission.
     */
    public EffectiveAccess effectiveAccess(String subject, Instant now) {
        Objects.requireNonNull(now, "now");
        int user = users.indexOf(subject);
        if (user < 0 || !active[user]) {
            return EffectiveAccess.NOTHING;
        }
        TimedGrant[] grants = timed[user];
        if (grants.length == 0) {
            int id = bitsId[user];
            EffectiveAccess cached = accessCache.get(id);
            if (cached == null) {
                cached = access(distinctBits[id]);
                accessCache.set(id, cached); // racing threads compute equal values
            }
            return cached;
        }
        // the answer only changes when now crosses a validity bound: cache it for that window
        WindowedAccess cached = timedAccessCache.get(user);
        if (cached != null && cached.covers(now)) {
            return cached.access;
        }
        WindowedAccess fresh = WindowedAccess.around(grants, now, access(held(user, now)));
        timedAccessCache.lazySet(user, fresh);
        return fresh.access;
    }

    /**
     * Computes "what may this user do" for every distinct permission set of users without
     * time-bounded assignments, so that {@link #effectiveAccess} answers from the cache on the
     * request path. Meant for the thread that built the snapshot, after it is installed; safe to
     * call concurrently with readers (they may compute an equal value themselves meanwhile).
     * Cost: one pass over the catalog per distinct permission set (about 40 ms for 10,000 users
     * of 500 roles on the benchmark account).
     */
    public void precomputeEffectiveAccess() {
        precomputeFrom(0);
    }

    /**
     * {@link #precomputeEffectiveAccess} for the permission sets whose cached answers this
     * snapshot does not share with the snapshot it was patched from (all of them for a compiled
     * one): what the thread that installs a patched snapshot runs, while the base's own
     * precompute, if still running, fills the shared part for both. Cost: the sets the patch
     * added, and at most one page of {@value AccessCache#PAGE} more.
     */
    public void precomputeOwnEffectiveAccess() {
        precomputeFrom(accessCache.sharedBelow());
    }

    private void precomputeFrom(int first) {
        for (int id = first; id < distinctBits.length; id++) {
            if (accessCache.get(id) == null) {
                accessCache.set(id, access(distinctBits[id]));
            }
        }
    }

    /**
     * "Who may do O": the ids of the active users allowed {@code operation} at {@code now},
     * sorted. An unknown operation gives an empty list. Agrees with {@link #check}.
     */
    public List<String> usersAllowed(String operation, Instant now) {
        Objects.requireNonNull(now, "now");
        int op = operations.indexOf(operation);
        if (op < 0) {
            return List.of();
        }
        int[] required = operationRequires[op];
        // users sharing a bitset share the answer: decide once per distinct bitset
        byte[] verdict = new byte[distinctBits.length]; // 0 not yet, 1 allowed, 2 denied
        List<String> allowed = new ArrayList<>();
        for (int user = 0; user < active.length; user++) {
            if (!active[user]) {
                continue;
            }
            boolean ok;
            TimedGrant[] grants = timed[user];
            if (grants.length == 0) {
                int id = bitsId[user];
                if (verdict[id] == 0) {
                    verdict[id] = containsAll(distinctBits[id], required) ? (byte) 1 : (byte) 2;
                }
                ok = verdict[id] == 1;
            } else {
                ok = holdsAll(distinctBits[bitsId[user]], grants, required, now);
            }
            if (ok) {
                allowed.add(users.name(user));
            }
        }
        return List.copyOf(allowed);
    }

    // ---------------------------------------------------------------- for people (issue 13)

    /** {@link #accessPaths} keeps at most this many paths per permission. */
    public static final int MAX_PATHS_PER_PERMISSION = 64;
    /** {@link #accessPaths} and {@link #whyNot} visit at most this many roles along paths. */
    public static final int MAX_PATH_STEPS = 100_000;
    /** {@link #fixes} visits at most this many nodes of its search. */
    public static final int MAX_FIX_NODES = 200_000;

    /**
     * "Every path of an access": the permissions the subject holds at {@code now}, each with
     * every path that brings it, and the operations allowed (see {@link AccessPaths}). Agrees with
     * {@link #effectiveAccess}. Unknown and disabled subjects hold nothing. Cost: one walk over the
     * subject's assignments and the inheritance below them, bounded by {@link #MAX_PATH_STEPS}.
     */
    public AccessPaths accessPaths(String subject, Instant now) {
        Objects.requireNonNull(now, "now");
        EffectiveAccess access = effectiveAccess(subject, now);
        if (access.permissions().isEmpty()) {
            return new AccessPaths(List.of(), access.operations(), false);
        }
        PathWalker walker = new PathWalker(this, MAX_PATHS_PER_PERMISSION, MAX_PATH_STEPS)
                .walk(users.indexOf(subject), v -> v.covers(now));
        List<AccessPaths.Held> held = new ArrayList<>(access.permissions().size());
        for (String name : access.permissions()) {
            int p = permissions.indexOf(name);
            held.add(new AccessPaths.Held(name, walker.paths(p), walker.truncated(p)));
        }
        return new AccessPaths(held, access.operations(), walker.stopped());
    }

    /**
     * Why {@link #check} decides as it does, for people: see {@link Denial}. For a missing
     * permission it names every role that carries it and the subject's own paths to it whose
     * assignment is not in force at {@code now}.
     */
    public Denial whyNot(String subject, Target target, Instant now) {
        Decision decision = check(subject, target, now);
        int user = users.indexOf(subject);
        Denial.SubjectStatus status = user < 0 ? Denial.SubjectStatus.UNKNOWN
                : active[user] ? Denial.SubjectStatus.ACTIVE : Denial.SubjectStatus.DISABLED;
        Reason reason = decision.reason();
        String unknown = reason == Reason.UNKNOWN_OPERATION || reason == Reason.UNKNOWN_PERMISSION ? target.name() : "";
        if (reason != Reason.MISSING_PERMISSION) {
            return new Denial(reason, status, unknown, List.of());
        }
        PathWalker walker = new PathWalker(this, MAX_PATHS_PER_PERMISSION, MAX_PATH_STEPS)
                .walk(user, v -> !v.covers(now));
        List<Denial.Missing> missing = new ArrayList<>();
        for (String name : decision.missing()) {
            int p = permissions.indexOf(name);
            List<String> grantedBy = new ArrayList<>();
            for (int r = 0; r < roles.roles.size(); r++) {
                if (Bits.get(roles.closed[r], p)) {
                    grantedBy.add(roles.roles.name(r));
                }
            }
            missing.add(new Denial.Missing(name, grantedBy, walker.paths(p)));
        }
        return new Denial(reason, status, unknown, missing);
    }

    /**
     * "What would fix it": the smallest sets of roles among {@code candidates} that, assigned to
     * the subject now (without time bounds), would let it perform {@code target}, and that
     * {@code acceptable} accepts (the caller's rule of which sets it may hand out; it must be
     * monotone: a rejected set's supersets are rejected too). Sizes 1 to {@code maxRoles} are
     * tried in turn and the first size with an acceptable set is the answer. No set for an
     * allowed check (nothing to fix), an unknown target or subject, or a disabled subject (roles
     * do not help). Unknown candidate names are ignored.
     *
     * @param maxRoles   the largest set size tried, 1 or more
     * @param maxResults the most sets returned, 1 or more
     */
    public Fixes fixes(String subject, Target target, java.util.Collection<String> candidates, int maxRoles, int maxResults,
            java.util.function.Predicate<List<String>> acceptable, Instant now) {
        Objects.requireNonNull(acceptable, "acceptable");
        if (maxRoles < 1 || maxResults < 1) {
            throw new IllegalArgumentException("maxRoles and maxResults must be positive");
        }
        Decision decision = check(subject, target, now);
        if (decision.reason() != Reason.MISSING_PERMISSION) {
            return Fixes.NONE;
        }
        int user = users.indexOf(subject);
        long[] have = held(user, now);
        int[] missing = decision.missing().stream().mapToInt(permissions::indexOf).toArray();
        java.util.TreeSet<Integer> useful = new java.util.TreeSet<>();
        for (String name : candidates) {
            int role = roles.roles.indexOf(name);
            if (role < 0) {
                continue;
            }
            for (int p : missing) {
                if (Bits.get(roles.closed[role], p)) {
                    useful.add(role);
                    break;
                }
            }
        }
        return FixSearch.run(this, missing, have, useful.stream().mapToInt(Integer::intValue).toArray(),
                acceptable, maxRoles, maxResults);
    }

    /**
     * What the subject could do at {@code now} if {@code extraRoles} were also assigned to it
     * (without time bounds): the effective access of the union. Unknown and disabled subjects get
     * {@link EffectiveAccess#NOTHING}; unknown role names add nothing.
     */
    public EffectiveAccess effectiveAccessWith(String subject, java.util.Collection<String> extraRoles, Instant now) {
        Objects.requireNonNull(now, "now");
        int user = users.indexOf(subject);
        if (user < 0 || !active[user]) {
            return EffectiveAccess.NOTHING;
        }
        long[] bits = held(user, now);
        for (String name : extraRoles) {
            int role = roles.roles.indexOf(name);
            if (role >= 0) {
                Bits.or(bits, roles.closed[role]);
            }
        }
        return access(bits);
    }

    /** Every permission of the catalog, sorted. */
    public List<String> permissionNames() {
        return names(permissions);
    }

    /** Every role name of the account, sorted. */
    public List<String> roleNames() {
        return names(roles.roles);
    }

    /** True when the account has a role of this name. */
    public boolean hasRole(String role) {
        return roles.roles.indexOf(role) >= 0;
    }

    /** True when the account has a group with this id. */
    public boolean hasGroup(String group) {
        return subjects.groups.indexOf(group) >= 0;
    }

    /** True when {@code subject} is an active user of the account. */
    public boolean isActive(String subject) {
        int user = users.indexOf(subject);
        return user >= 0 && active[user];
    }

    /**
     * Every permission a role carries, its own grants (wildcards expanded against the catalog)
     * and inherited ones, sorted; {@link Optional#empty()} when there is no such role.
     */
    public Optional<List<String>> rolePermissions(String role) {
        int r = roles.roles.indexOf(role);
        if (r < 0) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (int p = Bits.next(roles.closed[r], 0); p >= 0; p = Bits.next(roles.closed[r], p + 1)) {
            names.add(permissions.name(p));
        }
        return Optional.of(List.copyOf(names));
    }

    /** The permissions an operation requires (every permission that lists it), sorted; empty when unknown. */
    public List<String> requiredPermissions(String operation) {
        int op = operations.indexOf(operation);
        if (op < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int p : operationRequires[op]) {
            names.add(permissions.name(p));
        }
        return List.copyOf(names);
    }

    /**
     * The assignments of a user or group (every source, in force or not), by role then source;
     * empty when there is no such assignee.
     */
    public List<AssignmentDef> assignmentsOf(AssigneeKind kind, String assignee) {
        boolean user = kind == AssigneeKind.USER;
        int a = (user ? users : subjects.groups).indexOf(assignee);
        if (a < 0) {
            return List.of();
        }
        AssignmentTable.Chunk rows = (user ? subjects.userAssignments : subjects.groupAssignments).chunk(a);
        int local = AssignmentTable.local(a);
        List<AssignmentDef> list = new ArrayList<>();
        for (int i = rows.offsets[local]; i < rows.offsets[local + 1]; i++) {
            list.add(new AssignmentDef(kind, assignee, roles.roles.name(rows.roles[i]),
                    AssignmentSource.values()[rows.sources[i]], rows.validities[i]));
        }
        list.sort(java.util.Comparator.comparing(AssignmentDef::role).thenComparing(AssignmentDef::source));
        return List.copyOf(list);
    }

    /** The ids of a group's members, sorted; empty when there is no such group. Scans the users. */
    public List<String> members(String group) {
        int g = subjects.groups.indexOf(group);
        List<String> ids = new ArrayList<>();
        if (g < 0) {
            return ids;
        }
        for (int u = 0; u < users.size(); u++) {
            for (int i = subjects.memberOffsets[u]; i < subjects.memberOffsets[u + 1]; i++) {
                if (subjects.memberGroups[i] == g) {
                    ids.add(users.name(u));
                    break;
                }
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> names(NameIndex index) {
        List<String> names = new ArrayList<>(index.size());
        for (int i = 0; i < index.size(); i++) {
            names.add(index.name(i));
        }
        return List.copyOf(names);
    }

    // ---------------------------------------------------------------- internals

    /** The permissions a target requires, or null when the target is unknown. */
    int[] required(Target target) {
        if (target instanceof Target.Operation) {
            int op = operations.indexOf(target.name());
            return op < 0 ? null : operationRequires[op];
        }
        int permission = permissions.indexOf(target.name());
        return permission < 0 ? null : permissionSelf[permission];
    }

    private static boolean holds(long[] bits, TimedGrant[] grants, int permission, Instant now) {
        return Bits.get(bits, permission) || heldByTimedGrant(grants, permission, now);
    }

    /** Whether a time-bounded grant in force at {@code now} carries {@code permission}. */
    private static boolean heldByTimedGrant(TimedGrant[] grants, int permission, Instant now) {
        for (TimedGrant grant : grants) {
            if (Bits.get(grant.bits, permission) && grant.validity.covers(now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsAll(long[] bits, TimedGrant[] grants, int[] required, Instant now) {
        for (int permission : required) {
            if (!holds(bits, grants, permission, now)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAll(long[] bits, int[] required) {
        for (int permission : required) {
            if (!Bits.get(bits, permission)) {
                return false;
            }
        }
        return true;
    }

    /** The denial once {@code required[firstMissing]} is known to be missing. */
    private Decision missing(long[] bits, TimedGrant[] grants, int[] required, int firstMissing, Instant now) {
        List<String> names = null;
        for (int i = firstMissing + 1; i < required.length; i++) {
            if (!holds(bits, grants, required[i], now)) {
                if (names == null) {
                    names = new ArrayList<>(required.length - firstMissing);
                    names.add(permissions.name(required[firstMissing]));
                }
                names.add(permissions.name(required[i]));
            }
        }
        // one missing permission is the common denial: answer it with a shared decision
        return names == null ? missingOne[required[firstMissing]] : Decision.missing(names);
    }

    /** The full set of permissions an active user holds at {@code now}, as a fresh bitset. */
    long[] held(int user, Instant now) {
        long[] bits = distinctBits[bitsId[user]].clone();
        for (TimedGrant grant : timed[user]) {
            if (grant.validity.covers(now)) {
                Bits.or(bits, grant.bits);
            }
        }
        return bits;
    }

    /**
     * Effective access for a set of held permissions. Operations are collected in a bitset
     * over operation indices, whose iteration order is name order: no sort needed.
     */
    private EffectiveAccess access(long[] held) {
        String[] heldNames = new String[Bits.cardinality(held)];
        long[] allowed = Bits.create(operations.size());
        int n = 0;
        Catalog c = catalog;
        for (int p = Bits.next(held, 0); p >= 0; p = Bits.next(held, p + 1)) {
            heldNames[n++] = permissions.name(p);
            for (int i = c.soleOffsets[p]; i < c.soleOffsets[p + 1]; i++) {
                Bits.set(allowed, c.soleOperations[i]);
            }
            for (int i = c.sharedOffsets[p]; i < c.sharedOffsets[p + 1]; i++) {
                int op = c.sharedOperations[i];
                if (containsAll(held, operationRequires[op])) {
                    Bits.set(allowed, op);
                }
            }
        }
        String[] opNames = new String[Bits.cardinality(allowed)];
        int m = 0;
        for (int op = Bits.next(allowed, 0); op >= 0; op = Bits.next(allowed, op + 1)) {
            opNames[m++] = operations.name(op);
        }
        // List.of copies once; EffectiveAccess's List.copyOf then keeps the immutable list as is
        return new EffectiveAccess(List.of(heldNames), List.of(opNames));
    }

    /** An effective access and the window {@code [from, until)} of instants it holds for. */
    private static final class WindowedAccess {
        final Instant from;
        final Instant until;
        final EffectiveAccess access;

        private WindowedAccess(Instant from, Instant until, EffectiveAccess access) {
            this.from = from;
            this.until = until;
            this.access = access;
        }

        /** The window around {@code now} in which no grant starts or ends. */
        static WindowedAccess around(TimedGrant[] grants, Instant now, EffectiveAccess access) {
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            for (TimedGrant grant : grants) {
                for (Instant bound : new Instant[] {grant.validity.from(), grant.validity.until()}) {
                    if (bound.isAfter(now)) {
                        until = bound.isBefore(until) ? bound : until;
                    } else if (bound.isAfter(from)) {
                        from = bound;
                    }
                }
            }
            return new WindowedAccess(from, until, access);
        }

        boolean covers(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }
}
