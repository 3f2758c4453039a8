package dev.rolegate.account.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code account}. The revision is only ever changed by the unit of work ({@code change.UnitOfWork}). */
@Entity
@Table(name = "account")
public class AccountEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String template;

    @Column(nullable = false, insertable = false, updatable = false)
    public long revision;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
