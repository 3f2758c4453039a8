package dev.rolegate.platform;

import java.io.Serializable;
import java.util.Objects;

/**
 * The JPA id class of every entity keyed by {@code (account_id, id)} (the id column is {@code name} for roles, permissions and operations): account first, as
 * every key in the schema.
 */
public class AccountScopedKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String accountId;
    public String id;

    public AccountScopedKey() {
    }

    public AccountScopedKey(String accountId, String id) {
        this.accountId = accountId;
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountScopedKey k && Objects.equals(accountId, k.accountId) && Objects.equals(id, k.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, id);
    }
}
