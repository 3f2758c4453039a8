package dev.rolegate.account;

import dev.rolegate.check.AccountStates;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * The owner invariant, by content (issue 11 item 1; issue 3 item 2 counted holders of the role
 * <em>name</em>): a change must not leave an account that had an <em>owner</em> without one,
 * where an owner is an active user who holds every permission of the account's catalog, the
 * built-in {@code rbac.*} ones included, through some assignment in force now. The rules of who
 * holds what are the engine's (DESIGN.md §1): this class compiles the account, as the change
 * left it, into a {@link Snapshot} and asks it; it never restates them in SQL.
 *
 * <p>One entry point, {@link #requireOwnerRemains}, called once at the end of a writing
 * transaction, after the account lock ({@link dev.rolegate.change.UnitOfWork#in}). Because the writer holds that
 * lock, the committed state of the account is the state before the change; it is read (on a
 * session of its own) only when the change left no owner, to tell "removed the last owner"
 * from "there was none" (an account created without an owner).
 */
@ApplicationScoped
public class OwnerGuard {

    @Inject
    AccountStates states;

    @Inject
    Clock clock;

    /**
     * Refuses the change when it leaves the account without an owner while the account had one.
     * Flushes pending changes first. Cost: one read and compile of the whole account.
     *
     * @throws ProblemException 409 {@code last_owner}; the refusal rolls the whole change back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireOwnerRemains(String account) {
        Instant now = clock.instant();
        AccountModel after = states.inWrite(account);
        if (hasOwner(after, now) || !hasOwner(states.committed(account), now)) {
            return;
        }
        throw ProblemException.conflict("last_owner", "This change would leave the account without an active user "
                + "holding every permission of the catalog (" + after.permissions().size()
                + " permissions, the built-in rbac.* ones included); make someone else owner first.");
    }

    /** True when some active user of {@code model} holds every permission of its catalog at {@code now}. */
    static boolean hasOwner(AccountModel model, Instant now) {
        if (model == null) {
            return false;
        }
        Snapshot snapshot = SnapshotCompiler.compile(model);
        int catalog = model.permissions().size();
        for (UserDef user : model.users()) {
            if (user.active() && snapshot.effectiveAccess(user.id(), now).permissions().size() == catalog) {
                return true;
            }
        }
        return false;
    }
}
