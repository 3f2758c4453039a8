package dev.rolegate.directory.store;

import dev.rolegate.platform.AccountScopedKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code user_group}. */
@Entity
@Table(name = "user_group")
@IdClass(AccountScopedKey.class)
public class GroupEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    public String id;

    @Column(name = "display_name")
    public String displayName;

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
