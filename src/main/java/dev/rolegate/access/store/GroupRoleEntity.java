package dev.rolegate.access.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code group_role}: a group → role assignment from one source, optionally time-boxed. */
@Entity
@Table(name = "group_role")
@IdClass(AssignmentKey.class)
public class GroupRoleEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "group_id")
    public String assignee;

    @Id
    public String role;

    /** {@code manual}, {@code saml}, {@code ldap} or {@code template}. */
    @Id
    public String source;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
