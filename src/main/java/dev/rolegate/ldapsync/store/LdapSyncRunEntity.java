package dev.rolegate.ldapsync.store;

import dev.rolegate.platform.AccountScopedKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code ldap_sync_run}: one sync run's record. */
@Entity
@Table(name = "ldap_sync_run")
@IdClass(AccountScopedKey.class)
public class LdapSyncRunEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    public String id;

    @Column(nullable = false)
    public String mode;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(nullable = false)
    public String status;

    @Column(name = "users_created", nullable = false)
    public int usersCreated;

    @Column(name = "users_updated", nullable = false)
    public int usersUpdated;

    @Column(name = "users_deprovisioned", nullable = false)
    public int usersDeprovisioned;

    @Column(name = "groups_created", nullable = false)
    public int groupsCreated;

    @Column(name = "groups_updated", nullable = false)
    public int groupsUpdated;

    @Column(name = "groups_removed", nullable = false)
    public int groupsRemoved;

    @Column(name = "assignments_added", nullable = false)
    public int assignmentsAdded;

    @Column(name = "assignments_removed", nullable = false)
    public int assignmentsRemoved;

    public String error;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** JSON of the directory's high watermark after a succeeded, applied run. */
    public String watermark;

    /**
     * JSON of what a succeeded run changed, or would change when dry, or an aborted run would have
     * changed ({@code SyncRunChanges}); null for failed runs and for runs recorded before V0016.
     */
    public String changes;

    /** {@code api} or {@code scheduled}. */
    @Column(nullable = false)
    public String trigger;

    /** Subject of the API caller that asked for the run; null for scheduled runs. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** {@code queued}, {@code reading}, {@code planning}, {@code applying}, {@code done}. */
    @Column(nullable = false)
    public String phase;

    /** Directory entries (users and groups) read so far. */
    @Column(name = "entries_read", nullable = false)
    public int entriesRead;
}
