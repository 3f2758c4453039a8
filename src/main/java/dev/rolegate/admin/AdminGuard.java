package dev.rolegate.admin;

import dev.rolegate.check.SnapshotCache;
import dev.rolegate.engine.Decision;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.Caller;
import dev.rolegate.token.CallerContext;
import dev.rolegate.token.Declaration;
import dev.rolegate.token.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.Set;

/**
 * Decides whether the caller may use an endpoint of an account, from the endpoint's
 * {@link Declaration} ({@link OperationFilter} asks before every {@code /v1} method), the token
 * (scope and account claim) and, for admin operations, the engine. A token of another account
 * gets 403 and learns nothing about the account in the path (not even whether it exists).
 */
@ApplicationScoped
public class AdminGuard {

    @Inject
    CallerContext callers;

    @Inject
    SnapshotCache snapshots;

    @Inject
    Clock clock;

    /** The caller of the current request; 401 if there is none (see {@link CallerContext#caller()}). */
    public Caller caller() {
        return callers.caller();
    }

    /**
     * The account's current snapshot (at most {@code rolegate.check.max-staleness} old).
     *
     * @throws ProblemException 404 {@code account_not_found} when the account does not exist
     */
    private Snapshot existing(String account) {
        Snapshot snapshot = snapshots.get(account, snapshots.latestKnown(account)).snapshot();
        if (snapshot == null) {
            throw ProblemException.accountNotFound(account);
        }
        return snapshot;
    }

    /**
     * 404 {@code account_not_found} unless {@code account} exists. For calls that answer about
     * the account itself rather than with a decision (a check of an unknown account denies with
     * reason {@code unknown_account} instead, docs/check-semantics.md); call it after the token
     * was found valid for the account, so that only its own principals learn of its absence.
     */
    public void requireExisting(String account) {
        existing(account);
    }

    /**
     * Authorizes the current request against the resource method's declaration, for
     * {@link OperationFilter}: see {@link #authorize(Declaration, String, Caller, Supplier, Instant)}.
     * The snapshot is at most {@code rolegate.check.max-staleness} old and is read only for an
     * admin operation the token's scope does not already settle.
     */
    public Caller authorize(Declaration declared, String account) {
        Caller caller = callers.caller();
        authorize(declared, account, caller, () -> snapshots.get(account, snapshots.latestKnown(account)).snapshot(),
                clock.instant());
        return caller;
    }

    /**
     * The filter's decision as pure code: returns when {@code caller} may make a call
     * {@code declared} on {@code account}, throws otherwise.
     *
     * <ul>
     *   <li>No declaration (null), or an account call without an {@code {account}}: 403 (fail closed).
     *   <li>{@link Declaration.Platform}: scope {@code rbac:platform}.
     *   <li>{@link Declaration.Check}: a token of this account with scope {@code rbac:check} or {@code rbac:admin}.
     *   <li>{@link Declaration.Admin}: one of its {@code orScopes} ({@code rbac:platform} for any account,
     *       others for the token's own account); else, in this order, a token of another account is 403 and
     *       learns nothing; a token of this account (whatever its scope) is told 404 {@code account_not_found}
     *       when the account does not exist (its own claim named it, so nothing is revealed); then scope
     *       {@code rbac:admin}; then the subject must be an active user of the account who may perform the
     *       operation, decided by Rolegate's own engine on the account's snapshot (DESIGN.md §5, dogfooding).
     * </ul>
     *
     * @param snapshot the account's snapshot, null when the account does not exist; asked at most once
     * @throws ProblemException 403 {@code forbidden} naming the missing declaration, scope or permission(s);
     *                          404 {@code account_not_found} for a token of an account that does not exist
     */
    public static void authorize(Declaration declared, String account, Caller caller, Supplier<Snapshot> snapshot,
                                 Instant now) {
        if (declared == null) {
            throw ProblemException.forbidden("This endpoint declares no operation, so nobody may call it.");
        }
        if (declared instanceof Declaration.Platform) {
            if (!caller.has(Scope.PLATFORM)) {
                throw ProblemException.forbidden("This call needs scope rbac:platform.");
            }
            return;
        }
        if (account == null) {
            throw ProblemException.forbidden("This endpoint declares an account operation but names no account.");
        }
        if (declared instanceof Declaration.Admin admin) {
            for (Scope scope : admin.orScopes()) {
                if (caller.has(scope) && (scope == Scope.PLATFORM || caller.belongsTo(account))) {
                    return;
                }
            }
        }
        if (!caller.belongsTo(account)) {
            throw ProblemException.forbidden("The token is not valid for this account.");
        }
        if (declared instanceof Declaration.Check) {
            if (!caller.has(Scope.CHECK) && !caller.has(Scope.ADMIN)) {
                throw ProblemException.forbidden("This call needs scope rbac:check or rbac:admin.");
            }
            return;
        }
        String operation = ((Declaration.Admin) declared).operation();
        Snapshot current = snapshot.get();
        if (current == null) {
            throw ProblemException.accountNotFound(account);
        }
        if (!caller.has(Scope.ADMIN)) {
            throw ProblemException.forbidden("This call needs scope rbac:admin.");
        }
        Decision decision = current.check(caller.subject(), new Target.Operation(operation), now);
        if (!decision.allowed()) {
            throw ProblemException.forbidden(switch (decision.reason()) {
                case MISSING_PERMISSION -> "User '" + caller.subject() + "' lacks permission " + decision.missing()
                        + " for " + operation + ".";
                case SUBJECT_DISABLED -> "User '" + caller.subject() + "' is disabled.";
                case UNKNOWN_SUBJECT -> "The token's subject is not a user of this account.";
                default -> "This call (" + operation + ") is not allowed: " + decision.reason().code() + ".";
            });
        }
    }

    /**
     * The permissions the admin holds in the account now, for the no-escalation rule: an admin
     * may only hand out (or build into a role) permissions that the admin holds.
     *
     * @throws ProblemException 404 {@code account_not_found} when the account does not exist
     */
    public Set<String> heldPermissions(String account, Caller caller) {
        return Set.copyOf(existing(account).effectiveAccess(caller.subject(), clock.instant()).permissions());
    }
}
