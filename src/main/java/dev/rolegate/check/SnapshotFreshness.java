package dev.rolegate.check;

import dev.rolegate.engine.Snapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The freshness policy of the {@link SnapshotCache}, as pure code: which held snapshot may
 * answer a check, when the database counts as down, and what a check that found nothing usable
 * is told. It imports the JDK and the engine only (no Quarkus, no JDBC), reads time from an
 * injected ticker (nanoseconds, as {@link System#nanoTime()}), does no I/O and starts no thread,
 * so every rule is unit-tested with a hand-moved ticker.
 *
 * <p><b>The guarantees</b> (DESIGN.md §3):
 * <ol>
 *   <li>never older than asked: no snapshot below the check's {@code atLeastRevision} is ever
 *       returned, in any state;</li>
 *   <li>never staler than the bound: while the database answers, a returned snapshot was
 *       confirmed current by a database read that <em>started</em> less than
 *       {@code max-staleness} ago;</li>
 *   <li>the outage grace: while the database is down (a failure classified unreachable, or no
 *       successful read for longer than {@code max-staleness + poll-interval}), a snapshot
 *       confirmed less than {@code outage-grace} ago still answers, flagged with its age, unless
 *       a newer revision is known; after that the check fails closed with 503
 *       {@code database_unavailable}.</li>
 * </ol>
 *
 * <p><b>Thread safety.</b> The database state is two volatile fields. The per-account state
 * ({@link Account}) is written only by the static transition methods below, which the caller
 * calls while holding the account's monitor; it is read without the monitor.
 */
final class SnapshotFreshness {

    /**
     * The settings, in nanoseconds.
     *
     * @param maxStalenessNanos {@code rolegate.check.max-staleness}
     * @param outageGraceNanos  {@code rolegate.check.outage-grace}
     * @param pollIntervalNanos {@code rolegate.check.poll-interval}
     */
    record Settings(long maxStalenessNanos, long outageGraceNanos, long pollIntervalNanos) {
        Settings {
            if (maxStalenessNanos <= 0 || outageGraceNanos < 0 || pollIntervalNanos <= 0) {
                throw new IllegalArgumentException("max-staleness and poll-interval must be positive, outage-grace not negative");
            }
        }

        static Settings of(Duration maxStaleness, Duration outageGrace, Duration pollInterval) {
            return new Settings(maxStaleness.toNanos(), outageGrace.toNanos(), pollInterval.toNanos());
        }
    }

    /** A snapshot (null: the account does not exist) and the ticker time the database last confirmed it. */
    record Current(Snapshot snapshot, long confirmedAtNanos) {
        long revision() {
            return snapshot == null ? 0 : snapshot.revision();
        }
    }

    /**
     * One account's state. The transition methods of {@link SnapshotFreshness} write it while
     * the caller holds this object's monitor; readers need no lock.
     */
    static class Account {
        volatile Current current;
        /** Newest revision heard of; the database's answer overrides it (never trusts a notification more). */
        volatile long latestKnown;

        /** The revision of the held snapshot, 0 when none. */
        long heldRevision() {
            Current c = current;
            return c == null ? 0 : c.revision();
        }
    }

    /** What a check that waited for a refresh gets. */
    sealed interface Outcome {
        /** Answer from this (its snapshot null: the account does not exist). */
        record Use(SnapshotCache.Held held) implements Outcome {
        }

        /**
         * Fail with 503 and this problem code: {@code database_unavailable} or
         * {@code revision_unavailable}.
         */
        record Fail(String code) implements Outcome {
        }

        /** Ask the database again shortly: the deadline is not reached yet. */
        record Retry() implements Outcome {
        }
    }

    /** How the refresh that a waiting check asked for ended. */
    enum Refresh {
        /** The database was read (the snapshot may still be behind: a revision from the future). */
        DONE,
        /** It did not end before the check's deadline (a hung database). */
        TIMED_OUT,
        /** The database could not be read. */
        FAILED
    }

    static final String DATABASE_UNAVAILABLE = "database_unavailable";
    static final String REVISION_UNAVAILABLE = "revision_unavailable";

    private final Settings settings;
    private final LongSupplier ticker;
    /** 0 while the database answers; else the ticker time of the first unreachable failure (never 0 itself). */
    private volatile long downSince;
    /** Ticker time of the last successful read (poll or rebuild). */
    private volatile long lastContact;

    SnapshotFreshness(Settings settings, LongSupplier ticker) {
        this.settings = settings;
        this.ticker = ticker;
        this.lastContact = ticker.getAsLong();
    }

    /** The ticker's time, nanoseconds. */
    long now() {
        return ticker.getAsLong();
    }

    // ---------------------------------------------------------------- the database

    /**
     * A read succeeded.
     *
     * @return true when the database was marked down until now (the caller logs the recovery)
     */
    boolean reachable() {
        lastContact = now();
        if (downSince != 0) {
            downSince = 0;
            return true;
        }
        return false;
    }

    /**
     * A read failed with a failure that {@link dev.rolegate.platform.DatabaseFailures#unreachable}
     * classified as unreachable.
     *
     * @return true when this starts the outage (the caller logs it)
     */
    boolean unreachable() {
        if (downSince == 0) {
            long now = now();
            downSince = now == 0 ? 1 : now;
            return true;
        }
        return false;
    }

    /** True while the database cannot be reached or has not answered for longer than the staleness bound plus one poll. */
    boolean databaseDown() {
        return downSince != 0 || now() - lastContact > settings.maxStalenessNanos() + settings.pollIntervalNanos();
    }

    // ---------------------------------------------------------------- which snapshot answers

    /**
     * The snapshot that may answer a check right now, or null.
     *
     * @param strict also require every revision heard of (read-your-writes on this replica, and
     *               a notified revocation waited for); the relaxed form accepts any snapshot
     *               within the staleness bound, which DESIGN.md §3 allows
     */
    SnapshotCache.Held usable(Account account, long atLeastRevision, boolean strict) {
        Current c = account.current;
        if (c == null) {
            return null;
        }
        long age = now() - c.confirmedAtNanos();
        boolean fresh = age < settings.maxStalenessNanos();
        if (c.snapshot() == null) {
            // a known-missing account: answered as unknown while the knowledge is fresh
            return atLeastRevision == 0 && fresh ? new SnapshotCache.Held(null, -1) : null;
        }
        long revision = c.snapshot().revision();
        long latestKnown = account.latestKnown;
        long needed = strict ? Math.max(atLeastRevision, latestKnown) : atLeastRevision;
        if (revision >= needed && fresh) {
            return new SnapshotCache.Held(c.snapshot(), -1);
        }
        // outage: never a revision known to be superseded, never one older than the caller saw
        if (revision >= Math.max(atLeastRevision, latestKnown) && age < settings.outageGraceNanos() && databaseDown()) {
            return new SnapshotCache.Held(c.snapshot(), TimeUnit.NANOSECONDS.toMillis(age));
        }
        return null;
    }

    /**
     * What a check gets once the refresh it waited for ended: a usable snapshot (strict first,
     * then within the bound), "no such account", a 503, or another try.
     *
     * @param deadlineNanos the ticker time the check must be answered by ({@code revision-wait})
     */
    Outcome afterRefresh(Account account, long atLeastRevision, long deadlineNanos, Refresh refresh) {
        SnapshotCache.Held held = usable(account, atLeastRevision, true);
        if (held == null) {
            held = usable(account, atLeastRevision, false);
        }
        if (held != null) {
            return new Outcome.Use(held);
        }
        Current c = account.current;
        if (c != null && c.snapshot() == null && refresh == Refresh.DONE) {
            return new Outcome.Use(new SnapshotCache.Held(null, -1)); // no such account
        }
        if (refresh == Refresh.FAILED || (refresh == Refresh.TIMED_OUT && databaseDown())) {
            return new Outcome.Fail(DATABASE_UNAVAILABLE);
        }
        if (refresh == Refresh.TIMED_OUT || now() - deadlineNanos >= 0) {
            return new Outcome.Fail(REVISION_UNAVAILABLE);
        }
        // a revision this replica cannot read yet (a token from the future, or a database
        // replica behind the primary)
        return new Outcome.Retry();
    }

    // ---------------------------------------------------------------- per-account transitions (caller holds the account's monitor)

    /**
     * A newer revision was announced (notification or local write).
     *
     * @return true when the held snapshot is behind it (the caller starts a rebuild)
     */
    static boolean heard(Account account, long revision) {
        if (revision > account.latestKnown) {
            account.latestKnown = revision;
        }
        Current c = account.current;
        return c == null || c.revision() < revision;
    }

    /**
     * The database said, in a read that started at {@code readStartNanos}, that the account is
     * at {@code databaseRevision} (null: it does not exist). A held snapshot at that revision
     * counts as confirmed from the read's start (never from its end: a slow read cannot stretch
     * the bound).
     *
     * @return true when the held snapshot is behind the database (the caller starts a rebuild)
     */
    static boolean confirmed(Account account, Long databaseRevision, long readStartNanos) {
        if (databaseRevision == null) {
            install(account, new Current(null, readStartNanos));
            return false;
        }
        trustDatabase(account, databaseRevision);
        Current c = account.current;
        boolean behind = c == null || c.snapshot() == null || c.revision() < databaseRevision;
        if (!behind && readStartNanos - c.confirmedAtNanos() > 0) {
            account.current = new Current(c.snapshot(), readStartNanos);
        }
        return behind;
    }

    /**
     * Installs {@code next} unless a newer snapshot is already held; raises the newest revision
     * heard of to the installed one.
     */
    static void install(Account account, Current next) {
        Current held = account.current;
        if (held != null && held.snapshot() != null && next.snapshot() != null && held.revision() > next.revision()) {
            return;
        }
        account.current = next;
        if (next.revision() > account.latestKnown) {
            account.latestKnown = next.revision();
        }
    }

    /**
     * The database is the authority on revisions: a notification can be forged by any database
     * role and a restored backup moves revisions back, so a known revision above the database's
     * is dropped.
     *
     * @return the dropped revision (the caller logs it), or -1 when nothing was dropped
     */
    static long trustDatabase(Account account, long databaseRevision) {
        long known = account.latestKnown;
        if (known > databaseRevision) {
            account.latestKnown = databaseRevision;
            return known;
        }
        return -1;
    }

    /**
     * A rebuild read the database's revision at {@code databaseRevision}, in a read that started
     * at {@code readStartNanos}: when the held snapshot is already that recent, it is confirmed
     * and nothing needs compiling.
     *
     * @return true when the held snapshot is current (no compile needed)
     */
    static boolean alreadyCurrent(Account account, long databaseRevision, long readStartNanos) {
        Current held = account.current;
        if (held != null && held.snapshot() != null && held.revision() >= databaseRevision) {
            account.current = new Current(held.snapshot(), Math.max(readStartNanos, held.confirmedAtNanos()));
            return true;
        }
        return false;
    }
}
