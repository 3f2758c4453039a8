package dev.rolegate.scim.store;

import dev.rolegate.platform.AccountScopedKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * Row of {@code scim_token} (migration V0018): one active SCIM bearer token of an account, keyed
 * by ({@code account_id}, {@code id}). It holds the SHA-256 of the token, never the token.
 */
@Entity
@Table(name = "scim_token")
@IdClass(AccountScopedKey.class)
public class ScimTokenEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "id")
    public String id;

    /** SHA-256 of the whole token as issued (32 bytes). */
    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The subject of the admin who created it. */
    @Column(name = "created_by", nullable = false)
    public String createdBy;

    /** When it last authenticated a request, to the minute; null until first used. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** The account's token with {@code id}, or null. */
    public static ScimTokenEntity find(String account, String id) {
        return findById(new AccountScopedKey(account, id));
    }

    /** The account's tokens, oldest first. */
    public static List<ScimTokenEntity> of(String account) {
        return list("accountId = ?1 order by createdAt, id", account);
    }

    /** How many tokens the account has. */
    public static long countOf(String account) {
        return count("accountId", account);
    }

    @Override
    public String toString() {
        return "ScimTokenEntity[" + accountId + "/" + id + "]"; // never the hash
    }
}
