package dev.rolegate.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Accounts. Their revision is allocated by the unit of work ({@code change.UnitOfWork}) only. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AccountEntity, String> {

    public Optional<AccountEntity> find(String account) {
        return findByIdOptional(account);
    }
}
