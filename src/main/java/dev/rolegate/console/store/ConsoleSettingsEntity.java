package dev.rolegate.console.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code console_settings}: one account's framing origins and brand (migration V0014). */
@Entity
@Table(name = "console_settings")
public class ConsoleSettingsEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    /** Exact origins allowed as {@code frame-ancestors}, normalised, at most 10. */
    @Column(name = "frame_ancestors", nullable = false)
    public String[] frameAncestors;

    /** {@code #rrggbb}, lower case, or null for Rolegate's own. */
    @Column(name = "brand_color")
    public String brandColor;

    /** The logo's bytes (at most 32 KiB), or null. */
    @Column(name = "logo")
    public byte[] logo;

    /** {@code image/png}, {@code image/jpeg} or {@code image/webp}; null exactly when {@link #logo} is. */
    @Column(name = "logo_media_type")
    public String logoMediaType;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "ConsoleSettingsEntity[" + accountId + "]";
    }
}
