package dev.rolegate.ldapsync.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code ldap_settings}: one account's LDAP connection and mapping. */
@Entity
@Table(name = "ldap_settings")
public class LdapSettingsEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    /** The PUT body's JSON without the bind password. */
    @Column(name = "settings_json", nullable = false)
    public String settingsJson;

    /** Sealed bind password (KeySealer); never leaves the service. */
    @Column(name = "bind_password", nullable = false)
    public byte[] bindPassword;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "LdapSettingsEntity[" + accountId + "]";
    }
}
