package dev.rolegate.account;

import dev.rolegate.account.store.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The account revision counter, the consistency token of checks (DESIGN.md §3): every write
 * calls {@link #next} first, in its own transaction.
 */
@ApplicationScoped
public class Revisions {

    /** The PostgreSQL NOTIFY channel of revision changes; payload {@code account:revision}. */
    public static final String CHANNEL = "rolegate_revisions";

    @Inject
    AccountRepository accounts;

    @Inject
    Event<AccountChanged> changes;

    /**
     * Locks the account, bumps its revision and announces the change (delivered to
     * after-commit observers only if the transaction commits).
     *
     * @return the new revision
     * @throws dev.rolegate.platform.problem.ProblemException 404 {@code account_not_found}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long next(String account) {
        long revision = accounts.bumpRevision(account);
        // delivered to every listening replica when (and only if) this transaction commits
        accounts.getEntityManager().createNativeQuery("SELECT pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL).setParameter(2, account + ":" + revision).getSingleResult();
        changes.fire(new AccountChanged(account, revision));
        return revision;
    }
}
