package dev.rolegate.directory.store;

import dev.rolegate.platform.AccountScopedKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code app_user}. */
@Entity
@Table(name = "app_user")
@IdClass(AccountScopedKey.class)
public class UserEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    public String id;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    /** {@code active} or {@code disabled}. */
    @Column(nullable = false)
    public String status = "active";

    /** {@code local}, {@code saml} or {@code ldap}. */
    @Column(nullable = false)
    public String source = "local";

    @Column(name = "external_id")
    public String externalId;

    /** For LDAP users and groups: the DN last seen (identity is {@link #externalId}). */
    @Column(name = "external_dn")
    public String externalDn;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
