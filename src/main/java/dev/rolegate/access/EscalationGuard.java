package dev.rolegate.access;

import dev.rolegate.check.AccountStates;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * No escalation by content (issue 11 item 1), the net under the per-write rules of
 * {@link #requireHeld}: an admin's change must not let any user perform an operation
 * that the admin could not perform before it. The per-write rules look at the roles and
 * permissions a change touches; this looks at what the change does, so it also catches a grant
 * that completes an operation needing several permissions (the user held the one the admin lacks,
 * the admin hands out the other).
 *
 * <p>Compared on the engine's own snapshots of the account before (as committed; the writer holds
 * the account lock) and after (the writer's pending changes) the change, at the same instant.
 * An operation that no permission listed before is held by nobody before, not even by an owner;
 * listing it is defining the catalog (allowed within permissions the admin holds, see
 * {@link PermissionService#putPermission}), so it is not counted. A holder of every permission of the
 * catalog (a holder of {@code *}) may do anything.
 *
 * <p>One entry point, {@link #requireNoGainBeyond}, at the end of a writing transaction.
 * Cost: two reads and compiles of the whole account, and one effective-access look-up per user.
 */
@ApplicationScoped
public class EscalationGuard {

    /** The {@code reason} member of every no-escalation refusal (issue 13 item 1). */
    static final Map<String, Object> EXCEEDS_CALLER = Map.of("reason", AssignmentRefusal.EXCEEDS_CALLER.code());

    @Inject
    AccountStates states;

    @Inject
    Clock clock;

    /**
     * Refuses the change when it lets some user perform an operation that an admin holding
     * {@code grantorHolds} (before the change) could not.
     *
     * @param grantorHolds the admin's permissions before the change, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the user, the operations and the
     *         permissions the admin lacks, with {@code "reason": "exceeds_caller"}; the refusal rolls
     *         the whole change back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireNoGainBeyond(String account, Set<String> grantorHolds) {
        if (grantorHolds == null) {
            return;
        }
        AccountModel after = states.inWrite(account);
        AccountModel before = states.committed(account);
        if (before == null) {
            return;
        }
        Map<String, List<String>> listing = listing(before);
        if (grantorHolds.containsAll(permissions(before))) {
            return; // holds the whole catalog: every operation known before was his
        }
        Instant now = clock.instant();
        Snapshot was = SnapshotCompiler.compile(before);
        Snapshot is = SnapshotCompiler.compile(after);
        for (UserDef user : after.users()) {
            if (!user.active()) {
                continue;
            }
            Set<String> had = new HashSet<>(was.effectiveAccess(user.id(), now).operations());
            Map<String, List<String>> lacking = new TreeMap<>();
            for (String operation : is.effectiveAccess(user.id(), now).operations()) {
                List<String> needs = listing.get(operation);
                if (had.contains(operation) || needs == null) {
                    continue; // already his, or unknown before
                }
                List<String> missing = needs.stream().filter(p -> !grantorHolds.contains(p)).sorted().toList();
                if (!missing.isEmpty()) {
                    lacking.put(operation, missing);
                }
            }
            if (!lacking.isEmpty()) {
                Set<String> permissions = new TreeSet<>();
                lacking.values().forEach(permissions::addAll);
                throw ProblemException.forbidden("This change would let user '" + user.id() + "' perform "
                        + lacking.keySet() + ", which needs permission(s) you do not hold: " + permissions
                        + "; an admin may only hand out what the admin may do.", EXCEEDS_CALLER);
            }
        }
    }

    private static Set<String> permissions(AccountModel model) {
        Set<String> names = new HashSet<>();
        model.permissions().forEach(p -> names.add(p.name()));
        return names;
    }

    /** Operation → every permission that lists it. */
    private static Map<String, List<String>> listing(AccountModel model) {
        Map<String, List<String>> listing = new HashMap<>();
        for (PermissionDef p : model.permissions()) {
            for (String operation : p.operations()) {
                listing.computeIfAbsent(operation, k -> new java.util.ArrayList<>()).add(p.name());
            }
        }
        return listing;
    }

    /**
     * No escalation: refuses with 403 ({@code "reason": "exceeds_caller"}), naming them, when
     * {@code needed} holds permissions that {@code holds} lacks; does nothing when {@code holds} is
     * null (a trusted caller).
     */
    public static void requireHeld(Set<String> holds, Set<String> needed, String what) {
        if (holds == null) {
            return;
        }
        List<String> missing = needed.stream().filter(p -> !holds.contains(p)).sorted().toList();
        if (!missing.isEmpty()) {
            throw ProblemException.forbidden(what + " permission(s) you do not hold: " + missing
                    + "; an admin may only hand out or take away permissions the admin holds.", EXCEEDS_CALLER);
        }
    }
}
