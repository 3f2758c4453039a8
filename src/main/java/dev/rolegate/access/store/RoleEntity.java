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

/** Row of {@code role} with its grants ({@code role_grant}) and inherited roles ({@code role_inheritance}). */
@Entity
@Table(name = "role")
@IdClass(AccountScopedKey.class)
public class RoleEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "name")
    public String id;

    @Column(nullable = false)
    public String description = "";

    /** Permission names or wildcards. */
    @ElementCollection
    @CollectionTable(name = "role_grant", joinColumns = {
            @JoinColumn(name = "account_id", referencedColumnName = "account_id"),
            @JoinColumn(name = "role", referencedColumnName = "name")})
    @Column(name = "grant_name")
    public Set<String> grants = new HashSet<>();

    @ElementCollection
    @CollectionTable(name = "role_inheritance", joinColumns = {
            @JoinColumn(name = "account_id", referencedColumnName = "account_id"),
            @JoinColumn(name = "role", referencedColumnName = "name")})
    @Column(name = "inherits")
    public Set<String> inherits = new HashSet<>();
}
