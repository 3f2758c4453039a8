package dev.rolegate.access.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The columns shared by {@code user_role} and {@code group_role}: an assignment of a role to
 * an assignee from one source, optionally time-boxed ({@code [validFrom, expiresAt)}).
 */
@MappedSuperclass
public abstract class AssignmentRow extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    public String role;

    /** {@code manual}, {@code saml}, {@code ldap} or {@code template}. */
    @Id
    public String source;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The user or group id. */
    public abstract String assignee();
}
