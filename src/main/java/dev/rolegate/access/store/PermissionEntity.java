package dev.rolegate.access.store;

import dev.rolegate.platform.AccountScopedKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/** Row of {@code permission} with the operations it covers ({@code permission_operation}). */
@Entity
@Table(name = "permission")
@IdClass(AccountScopedKey.class)
public class PermissionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "name")
    public String id;

    @Column(nullable = false)
    public String description = "";

    @ElementCollection
    @CollectionTable(name = "permission_operation", joinColumns = {
            @JoinColumn(name = "account_id", referencedColumnName = "account_id"),
            @JoinColumn(name = "permission", referencedColumnName = "name")})
    @Column(name = "operation")
    public Set<String> operations = new HashSet<>();
}
