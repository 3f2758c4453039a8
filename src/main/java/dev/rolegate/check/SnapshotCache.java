package dev.rolegate.check;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.check.store.SnapshotLoader;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The compiled snapshot of each account, shared by all checks. A held snapshot is used while
 * it is at least the revision the check asks for and was verified against the database less
 * than {@code rolegate.check.max-staleness} ago; otherwise the current revision is read and,
 * when it moved, the account is reloaded and recompiled (one rebuild per account at a time).
 * A local write drops the account's snapshot when it commits.
 */
@ApplicationScoped
public class SnapshotCache {

    private static final Logger LOG = Logger.getLogger(SnapshotCache.class);

    private record Entry(Snapshot snapshot, long verifiedAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    @Inject
    SnapshotLoader loader;

    @Inject
    CheckConfig config;

    /**
     * The snapshot to answer a check of {@code account} from.
     *
     * @param atLeastRevision the oldest revision the caller accepts (0 for any)
     * @return empty when the account does not exist
     * @throws ProblemException 503 {@code revision_unavailable} when the database has not reached
     *         {@code atLeastRevision}; 503 {@code database_unavailable} when it cannot be read
     */
    public Optional<Snapshot> get(String account, long atLeastRevision) {
        Entry entry = entries.get(account);
        if (entry != null && usable(entry, atLeastRevision, System.nanoTime())) {
            return Optional.of(entry.snapshot());
        }
        synchronized (locks.computeIfAbsent(account, k -> new Object())) {
            entry = entries.get(account);
            long now = System.nanoTime();
            if (entry != null && usable(entry, atLeastRevision, now)) {
                return Optional.of(entry.snapshot());
            }
            try {
                OptionalLong current = loader.currentRevision(account);
                if (current.isEmpty()) {
                    entries.remove(account);
                    return Optional.empty();
                }
                if (current.getAsLong() < atLeastRevision) {
                    throw ProblemException.unavailable("revision_unavailable", "Revision " + atLeastRevision
                            + " of this account is not available yet; the newest is " + current.getAsLong() + ".");
                }
                if (entry != null && entry.snapshot().revision() == current.getAsLong()) {
                    entries.put(account, new Entry(entry.snapshot(), now));
                    return Optional.of(entry.snapshot());
                }
                Optional<AccountModel> model = loader.load(account);
                if (model.isEmpty()) {
                    entries.remove(account);
                    return Optional.empty();
                }
                Snapshot snapshot = compile(model.get());
                entries.put(account, new Entry(snapshot, now));
                return Optional.of(snapshot);
            } catch (SQLException e) {
                LOG.errorf("cannot read account %s for a snapshot: %s", account, e.getMessage());
                throw ProblemException.unavailable("database_unavailable", "The database cannot be reached; try again.");
            }
        }
    }

    /** Forgets the account's snapshot once a local write commits, so the next check sees it. */
    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        entries.remove(change.account());
    }

    private boolean usable(Entry entry, long atLeastRevision, long nowNanos) {
        return entry.snapshot().revision() >= atLeastRevision
                && nowNanos - entry.verifiedAtNanos() < config.maxStaleness().toNanos();
    }

    private static Snapshot compile(AccountModel model) {
        try {
            return SnapshotCompiler.compile(model);
        } catch (ModelException e) {
            // writes validate, so this means the stored data was changed behind our back: fail closed
            LOG.errorf("account %s at revision %d does not compile: %s", model.account(), model.revision(), e.getMessage());
            throw ProblemException.unavailable("snapshot_invalid",
                    "This account's data cannot be compiled; checks are refused until it is fixed.");
        }
    }
}
