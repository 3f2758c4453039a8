package dev.rolegate.check;

import dev.rolegate.check.store.SnapshotLoader;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.platform.DirectConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The two states of an account that a writer's invariants compare (issue 11 item 1): the state
 * the change is leaving behind, read on the writer's own session, and the state last committed,
 * read on a session of its own. A writer holds the account lock ({@link dev.rolegate.change.UnitOfWork#in}) for its
 * whole transaction, so the committed state is exactly the state before its change. Both come as
 * the engine's {@link AccountModel}, so the rules of who holds what stay the engine's.
 */
@ApplicationScoped
public class AccountStates {

    @Inject
    EntityManager em;

    @Inject
    DirectConnections direct;

    /**
     * The account as the current transaction's pending changes leave it (flushes them first).
     *
     * @throws IllegalStateException when the account row is gone (it is locked by the caller)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountModel inWrite(String account) {
        em.flush();
        return em.unwrap(Session.class).doReturningWork(c -> SnapshotLoader.read(c, account))
                .orElseThrow(() -> new IllegalStateException("account vanished inside its own write"));
    }

    /**
     * The account as last committed, or null when no committed account exists yet.
     *
     * @throws IllegalStateException when the database cannot be read (unknown means deny: the
     *         caller's change then rolls back)
     */
    public AccountModel committed(String account) {
        try (Connection c = direct.open(Map.of("ApplicationName", "rolegate-write-invariants"))) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Optional<AccountModel> model = SnapshotLoader.read(c, account);
            c.rollback();
            return model.orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the account's committed state", e);
        }
    }
}
