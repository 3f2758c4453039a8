package dev.rolegate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One account compiled at one revision: immutable, thread safe, shared by every check.
 * Built by {@link SnapshotCompiler#compile}. All methods are pure functions of the snapshot and
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
 * A check is two hash look-ups and one bit test per required permission (plus one per
 * time-bounded assignment of the user); an allowed check allocates nothing and returns the
 * shared {@link Decision#ALLOW}; denials for unknown or disabled subjects and unknown targets
 * return shared constants too. {@link #effectiveAccess} is cached per distinct permission set.
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
    /**
     * Effective access per distinct unbounded bitset, filled on first use. Only users without
     * time-bounded grants use it: their answer does not depend on {@code now}.
     */
    private final AtomicReferenceArray<EffectiveAccess> accessCache;

    Snapshot(String account, long revision, Catalog catalog, RoleTable roles, SubjectTable subjects) {
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
        this.accessCache = new AtomicReferenceArray<>(distinctBits.length);
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
        TimedGrant[] grants = timed[user];
        for (int i = 0; i < required.length; i++) {
            if (!holds(bits, grants, required[i], now)) {
                return missing(bits, grants, required, i, now);
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
                accessCache.lazySet(id, cached); // racing threads compute equal values
            }
            return cached;
        }
        return access(held(user, now));
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
        if (Bits.get(bits, permission)) {
            return true;
        }
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
        List<String> names = new ArrayList<>(required.length - firstMissing);
        names.add(permissions.name(required[firstMissing]));
        for (int i = firstMissing + 1; i < required.length; i++) {
            if (!holds(bits, grants, required[i], now)) {
                names.add(permissions.name(required[i]));
            }
        }
        return Decision.missing(names);
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

    private EffectiveAccess access(long[] held) {
        String[] heldNames = new String[Bits.cardinality(held)];
        int[] ops = new int[16];
        int opCount = 0;
        int n = 0;
        for (int p = Bits.next(held, 0); p >= 0; p = Bits.next(held, p + 1)) {
            heldNames[n++] = permissions.name(p);
            for (int op : catalog.permissionOperations[p]) {
                int[] required = operationRequires[op];
                // consider each operation once: at the first permission that lists it
                if (required[0] == p && containsAll(held, required)) {
                    if (opCount == ops.length) {
                        ops = Arrays.copyOf(ops, opCount * 2);
                    }
                    ops[opCount++] = op;
                }
            }
        }
        Arrays.sort(ops, 0, opCount);
        String[] opNames = new String[opCount];
        for (int i = 0; i < opCount; i++) {
            opNames[i] = operations.name(ops[i]);
        }
        return new EffectiveAccess(Arrays.asList(heldNames), Arrays.asList(opNames));
    }
}
