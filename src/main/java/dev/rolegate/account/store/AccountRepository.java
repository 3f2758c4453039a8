package dev.rolegate.account.store;

import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Accounts and their revision counter. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AccountEntity, String> {

    public Optional<AccountEntity> find(String account) {
        return findByIdOptional(account);
    }

    /**
     * Locks the account row and increments its revision; call first in every write transaction.
     * The row lock serializes writers of one account, so validations that read the account (a
     * role cycle, say) cannot be raced by a concurrent writer; readers are never blocked.
     *
     * @return the new revision, which the write's response carries
     * @throws ProblemException 404 {@code account_not_found} when the account does not exist
     */
    public long bumpRevision(String account) {
        @SuppressWarnings("unchecked")
        List<Number> rows = getEntityManager()
                .createNativeQuery("UPDATE account SET revision = revision + 1 WHERE id = ?1 RETURNING revision")
                .setParameter(1, account)
                .getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.accountNotFound(account);
        }
        return rows.get(0).longValue();
    }
}
