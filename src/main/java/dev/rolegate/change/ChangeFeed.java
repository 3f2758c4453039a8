package dev.rolegate.change;

import dev.rolegate.change.api.ChangePage;
import dev.rolegate.change.api.ChangeRecordResponse;
import dev.rolegate.change.store.ChangeRecords;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads the change feed of an account (issue 12 item 6, {@code docs/audit.md}): the change
 * records of its committed revisions in strictly increasing order, one per revision, none
 * missing. The unit of work writes a revision's record in the revision's transaction and
 * revisions are allocated under the account row lock, so the records committed so far are
 * always a gap-free sequence: a page never skips and never repeats.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    /** The most records one page holds. */
    public static final int MAX_LIMIT = 1000;

    @Inject
    ChangeRecords records;

    @Inject
    ChangeConfig config;

    @Inject
    Clock clock;

    /**
     * Up to {@code limit} records after revision {@code after}.
     *
     * @param after a revision the reader has applied (0: from the account's beginning)
     * @param limit 1 to {@value #MAX_LIMIT}
     * @throws ProblemException 404 {@code account_not_found}; 410 {@code changes_expired} with
     *         {@code oldest} (the oldest kept revision, or null) and {@code head} when records after
     *         {@code after} are no longer kept (pruned, or written before the feed existed);
     *         503 {@code database_unavailable}
     */
    public ChangePage page(String account, long after, int limit) {
        try {
            // records first, then the bounds: the head read is never older than the last item
            List<ChangeRecords.Row> rows = records.after(account, after, limit);
            ChangeRecords.Bounds bounds = records.bounds(account).orElseThrow(() -> ProblemException.accountNotFound(account));
            long firstKept = bounds.oldest().orElse(bounds.head() + 1);
            if (after < firstKept - 1) {
                Map<String, Object> members = new HashMap<>();
                members.put("oldest", bounds.oldest().orElse(null));
                members.put("head", bounds.head());
                throw ProblemException.gone("changes_expired", "The changes after revision " + after + " are no longer kept"
                        + " (the oldest kept revision is " + bounds.oldest().map(String::valueOf).orElse("none")
                        + "); read the account whole (GET .../export) and resume from its revision.", members);
            }
            List<ChangeRecordResponse> items = rows.stream().map(ChangeFeed::view).toList();
            long last = items.isEmpty() ? after : items.get(items.size() - 1).revision();
            return new ChangePage(items, last < bounds.head() && !items.isEmpty() ? last : null, bounds.head());
        } catch (SQLException e) {
            throw ProblemException.unavailable("database_unavailable", "The change feed cannot be read right now; retry.");
        }
    }

    /**
     * Up to {@code limit} records after revision {@code after}, oldest first, as {@link #page}
     * serves them but without its bounds: no 410 for pruned records and no head. A reader that
     * must see every revision (a replica patching its snapshot) checks that the revisions it got
     * follow {@code after} without a gap.
     *
     * @param limit at least 1
     * @throws SQLException when the database cannot be read
     */
    public List<ChangeRecordResponse> records(String account, long after, int limit) throws SQLException {
        return records.after(account, after, limit).stream().map(ChangeFeed::view).toList();
    }

    /**
     * Drops records older than {@code rolegate.changes.retention}, on every replica (idempotent),
     * every {@code rolegate.changes.prune-every} (default 10 minutes; {@code off} disables it, as
     * the tests do: their clock jumps, and a prune on a jumped clock would drop live records).
     */
    @Scheduled(every = "${rolegate.changes.prune-every:10m}", delayed = "1m", identity = "change-records-prune")
    void prune() {
        try {
            int pruned = records.prune(clock.instant().minus(config.retention()));
            if (pruned > 0) {
                LOG.infof("pruned %d change records older than %s", pruned, config.retention());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("change record pruning failed: %s", e.getMessage());
        }
    }

    /** {@link #prune()} now, for tests and operators. */
    public int pruneOlderThan(java.time.Instant cutoff) throws SQLException {
        return records.prune(cutoff);
    }

    /** A stored record on the wire. */
    static ChangeRecordResponse view(ChangeRecords.Row row) {
        return new ChangeRecordResponse(row.revision(), row.at(), row.actor(), row.requestId(), row.changes());
    }
}
