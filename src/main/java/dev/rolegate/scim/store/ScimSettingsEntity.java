package dev.rolegate.scim.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code scim_settings} (migration V0018): one account's SCIM provisioning settings. */
@Entity
@Table(name = "scim_settings")
public class ScimSettingsEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    /** JSON object: group displayName → list of role names. */
    @Column(name = "group_roles", nullable = false)
    public String groupRoles;

    /** JSON array of role names. */
    @Column(name = "default_roles", nullable = false)
    public String defaultRoles;

    @Column(name = "link_existing_users", nullable = false)
    public boolean linkExistingUsers;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "ScimSettingsEntity[" + accountId + "]";
    }
}
