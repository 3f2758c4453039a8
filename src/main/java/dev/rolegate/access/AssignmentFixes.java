package dev.rolegate.access;

import dev.rolegate.access.api.FixesResponse;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Decision;
import dev.rolegate.engine.Fixes;
import dev.rolegate.engine.ModelChange;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotPatcher;
import dev.rolegate.engine.Target;
import dev.rolegate.engine.Validity;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * "What would fix it" (issue 13 item 4): the smallest sets of role assignments that would let a
 * user perform an operation, among the roles the calling admin may assign to that user now
 * ({@link AssignableRoles}: no {@code source_managed}, {@code already_assigned} or
 * {@code exceeds_caller} role), and whose assignment together would not let the user perform an
 * operation that needs a permission the admin lacks (the assignment call's content rule). The
 * search is the engine's ({@link Snapshot#fixes}); each set it finds is then verified by the
 * engine on the snapshot patched with those assignments ({@link SnapshotPatcher}), and only sets
 * whose check flips to allowed are listed.
 *
 * <p>Bounds: sets of at most {@value #MAX_ROLES} roles, at most {@value #MAX_RESULTS} sets, and
 * the engine's node budget ({@link Snapshot#MAX_FIX_NODES}); {@code complete} says whether a bound
 * cut the search.
 */
@ApplicationScoped
public class AssignmentFixes {

    private static final Logger LOG = Logger.getLogger(AssignmentFixes.class);

    /** The largest set of roles a fix proposes. */
    public static final int MAX_ROLES = 3;
    /** The most fixes listed. */
    public static final int MAX_RESULTS = 20;

    @Inject
    AssignableRoles assignable;

    /**
     * @throws ProblemException 404 {@code account_not_found}, {@code user_not_found},
     *         {@code operation_not_found}
     */
    @Transactional
    public FixesResponse fixes(String account, Caller caller, String user, String operation) {
        AssignableRoles.Rule rule = assignable.rule(account, caller, AssigneeKind.USER, user);
        Snapshot snapshot = rule.snapshot();
        if (!snapshot.hasOperation(operation)) {
            throw ProblemException.notFound("operation_not_found", "No permission of this account lists operation '" + operation + "'.");
        }
        Instant now = rule.now();
        Target target = new Target.Operation(operation);
        Decision decision = snapshot.check(user, target, now);
        List<String> candidates = snapshot.roleNames().stream().filter(r -> rule.refusal(r).isEmpty()).toList();
        Fixes found = snapshot.fixes(user, target, candidates, MAX_ROLES, MAX_RESULTS,
                set -> !rule.gainsBeyondCaller(set), now);
        Set<String> held = new HashSet<>(snapshot.effectiveAccess(user, now).permissions());
        List<FixesResponse.Fix> fixes = new ArrayList<>();
        for (List<String> roles : found.sets()) {
            if (flips(snapshot, user, roles, target, now)) {
                List<String> adds = snapshot.effectiveAccessWith(user, roles, now).permissions().stream()
                        .filter(p -> !held.contains(p)).toList();
                fixes.add(new FixesResponse.Fix(roles, adds));
            }
        }
        return new FixesResponse(snapshot.revision(), user, operation, decision.allowed(),
                decision.allowed() ? null : decision.reason().code(), decision.missing().isEmpty() ? null : decision.missing(),
                fixes, found.complete(), MAX_ROLES, MAX_RESULTS);
    }

    /** Whether the snapshot with {@code roles} assigned to {@code user} (manual, unbounded) allows {@code target}. */
    private static boolean flips(Snapshot snapshot, String user, List<String> roles, Target target, Instant now) {
        List<ModelChange> puts = roles.stream().<ModelChange>map(role -> new ModelChange.AssignmentPut(
                new AssignmentDef(AssigneeKind.USER, user, role, AssignmentSource.MANUAL, Validity.ALWAYS))).toList();
        SnapshotPatcher.Result result = SnapshotPatcher.patch(snapshot, snapshot.revision() + 1, puts);
        if (result instanceof SnapshotPatcher.Result.Patched patched) {
            return patched.snapshot().check(user, target, now).allowed();
        }
        LOG.warnf("fix not verified, the patcher refused it: account=%s roles=%s reason=%s", snapshot.account(), roles,
                ((SnapshotPatcher.Result.RebuildNeeded) result).reason());
        return false;
    }
}
