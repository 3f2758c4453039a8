package dev.rolegate.check;

import dev.rolegate.change.AccountChanged;
import dev.rolegate.check.store.SnapshotLoader;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The compiled snapshot of each account that this replica serves, shared by all checks.
 *
 * <p><b>Freshness.</b> A held snapshot carries the instant the database last confirmed that no
 * newer revision existed ({@link RevisionFeed} confirms every poll, a change notification or a
 * local write announces a newer revision and starts a rebuild at once). A check uses the held
 * snapshot when its revision is at least the check's {@code atLeastRevision} and it was
 * confirmed less than {@code max-staleness} ago. Otherwise the check waits, without blocking a
 * thread, for a rebuild on the builder threads, at most {@code revision-wait}, then gets 503.
 *
 * <p>After a rebuild, a check that still cannot have a snapshot with every revision heard of
 * (writes arriving faster than rebuilds) takes one within the staleness bound rather than
 * waiting: the bound is the contract, the stricter wait only a preference.
 *
 * <p><b>Outage.</b> While the database cannot be reached (connection failures, or no answer for
 * longer than the staleness bound), a held snapshot keeps answering for {@code outage-grace}
 * after its last confirmation, flagged {@link Held#staleMillis()}, unless a newer revision is
 * known; then checks fail closed with 503 {@code database_unavailable}. Every wait is bounded by
 * {@code revision-wait}, even when the database hangs.
 *
 * <p>The check path itself does no I/O and takes no lock: {@link #tryNow} reads one volatile field.
 */
@ApplicationScoped
public class SnapshotCache {

    private static final Logger LOG = Logger.getLogger(SnapshotCache.class);
    private static final long RETRY_MILLIS = 20;

    /**
     * What a check is answered from.
     *
     * @param snapshot    the snapshot, or null when the account does not exist
     * @param staleMillis -1 normally; while the database is unreachable, how long ago the
     *                    snapshot was last confirmed (milliseconds)
     */
    public record Held(Snapshot snapshot, long staleMillis) {
    }

    /** A snapshot (null: the account does not exist) and when the database last confirmed it. */
    private record Current(Snapshot snapshot, long confirmedAtNanos) {
        long revision() {
            return snapshot == null ? 0 : snapshot.revision();
        }
    }

    /** Per account; fields are written under the object's monitor, read without it. */
    private static final class State {
        volatile Current current;
        /** Newest revision heard of; the database's answer overrides it (never trusts a notification more). */
        volatile long latestKnown;
        CompletableFuture<Void> refresh;
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final ExecutorService builders = Executors.newFixedThreadPool(2, daemonThreads("snapshot-builder"));
    /** 0 while the database answers; else System.nanoTime() of the first connection failure. */
    private volatile long databaseDownSince;
    /** System.nanoTime() of the last successful read (poll or rebuild). */
    private volatile long lastContactNanos = System.nanoTime();

    @Inject
    SnapshotLoader loader;

    @Inject
    CheckConfig config;

    @Inject
    MeterRegistry registry;

    private Counter rebuiltBuilt;
    private Counter rebuiltUnchanged;
    private Counter rebuiltMissing;
    private Counter rebuiltFailed;
    private Timer rebuildDuration;

    @PostConstruct
    void meters() {
        rebuiltBuilt = rebuilds("built");
        rebuiltUnchanged = rebuilds("unchanged");
        rebuiltMissing = rebuilds("missing");
        rebuiltFailed = rebuilds("failed");
        rebuildDuration = Timer.builder("rolegate.snapshot.rebuild.duration")
                .description("Time to read and compile an account's snapshot (rebuilds that built one)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        // read at scrape time only; no account id as a label (cardinality)
        Gauge.builder("rolegate.snapshot.age", this, SnapshotCache::oldestConfirmationSeconds)
                .description("Longest time since the database last confirmed a held snapshot")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("rolegate.snapshot.revision.lag", this, SnapshotCache::largestRevisionLag)
                .description("Largest gap between the newest revision heard of and the held snapshot's, over held accounts")
                .baseUnit("revisions")
                .register(registry);
        Gauge.builder("rolegate.snapshot.accounts", states, Map::size)
                .description("Accounts this replica holds a snapshot of")
                .register(registry);
    }

    private Counter rebuilds(String outcome) {
        return Counter.builder("rolegate.snapshot.rebuilds")
                .description("Snapshot rebuilds by outcome: built, unchanged (already current), missing (no such account), failed")
                .tag("outcome", outcome)
                .register(registry);
    }

    double oldestConfirmationSeconds() {
        long now = System.nanoTime();
        long oldest = 0;
        for (State state : states.values()) {
            Current c = state.current;
            if (c != null && c.snapshot() != null) {
                oldest = Math.max(oldest, now - c.confirmedAtNanos());
            }
        }
        return oldest / 1e9;
    }

    double largestRevisionLag() {
        long lag = 0;
        for (State state : states.values()) {
            Current c = state.current;
            if (c != null && c.snapshot() != null) {
                lag = Math.max(lag, state.latestKnown - c.revision());
            }
        }
        return lag;
    }

    /**
     * The snapshot usable right now for a check that needs {@code atLeastRevision}, or null when
     * the caller must {@link #await} one. Non-blocking; reads volatile fields only.
     */
    public Held tryNow(String account, long atLeastRevision) {
        State state = states.get(account);
        return state == null ? null : usable(state, atLeastRevision, System.nanoTime(), true);
    }

    /**
     * Builds or refreshes the account's snapshot off the calling thread and completes with a
     * usable one, within {@code revision-wait} whatever the database does.
     *
     * @return completes with the held snapshot, or fails with a {@link ProblemException}: 503
     *         {@code revision_unavailable} when {@code atLeastRevision} is not reached in time,
     *         503 {@code database_unavailable} when the database cannot be read and no snapshot
     *         is within {@code outage-grace}
     */
    public CompletableFuture<Held> await(String account, long atLeastRevision) {
        State state = states.computeIfAbsent(account, k -> new State());
        long deadline = System.nanoTime() + config.revisionWait().toNanos();
        return attempt(account, state, atLeastRevision, deadline);
    }

    /** The blocking form of {@link #tryNow} then {@link #await}, for callers on worker threads. */
    public Held get(String account, long atLeastRevision) {
        Held held = tryNow(account, atLeastRevision);
        if (held != null) {
            return held;
        }
        try {
            return await(account, atLeastRevision).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            throw e;
        }
    }

    /**
     * The newest revision of {@code account} this replica has heard of (its own writes, change
     * notifications, the poll), or 0. Admin authorization asks for at least this revision, so an
     * admin's change to roles is honoured by the very next admin call on this replica.
     */
    public long latestKnown(String account) {
        State state = states.get(account);
        return state == null ? 0 : state.latestKnown;
    }

    /** A newer revision of {@code account} exists (notification or local write): rebuild now. */
    void heard(String account, long revision) {
        State state = states.get(account);
        if (state == null) {
            return; // not served by this replica: built on first check
        }
        synchronized (state) {
            if (revision > state.latestKnown) {
                state.latestKnown = revision;
            }
        }
        Current c = state.current;
        if (c == null || c.revision() < revision) {
            refresh(account, state);
        }
    }

    /**
     * The database said, in a read that started at {@code readStartNanos}, that these are the
     * current revisions of the listed accounts (accounts absent from the map do not exist).
     */
    void confirmed(List<String> accounts, Map<String, Long> revisions, long readStartNanos) {
        reachable();
        for (String account : accounts) {
            State state = states.get(account);
            if (state == null) {
                continue;
            }
            Long revision = revisions.get(account);
            boolean behind;
            synchronized (state) {
                Current c = state.current;
                if (revision == null) {
                    install(state, new Current(null, readStartNanos), 0);
                    continue;
                }
                trustDatabase(account, state, revision);
                behind = c == null || c.snapshot() == null || c.revision() < revision;
                if (!behind && readStartNanos > c.confirmedAtNanos()) {
                    state.current = new Current(c.snapshot(), readStartNanos);
                }
            }
            if (behind) {
                heard(account, revision);
            }
        }
    }

    /** The accounts this replica holds snapshots of (what the poll confirms). */
    List<String> heldAccounts() {
        return List.copyOf(states.keySet());
    }

    /** A connection to the database failed (connection refused or lost: SQLState class 08). */
    void databaseUnreachable() {
        if (databaseDownSince == 0) {
            databaseDownSince = System.nanoTime();
            LOG.warn("database unreachable: checks answer from held snapshots within the outage grace");
        }
    }

    /** True while the database cannot be reached or has not answered for longer than the staleness bound. */
    public boolean databaseDown() {
        return databaseDownSince != 0
                || System.nanoTime() - lastContactNanos > config.maxStaleness().toNanos() + config.pollInterval().toNanos();
    }

    void onLocalWrite(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        heard(change.account(), change.revision());
    }

    @PreDestroy
    void stop() {
        builders.shutdownNow();
    }

    private void reachable() {
        lastContactNanos = System.nanoTime();
        if (databaseDownSince != 0) {
            databaseDownSince = 0;
            LOG.info("database reachable again");
        }
    }

    /**
     * @param strict also require every revision this replica heard of (read-your-writes on this
     *               replica, and a notified revocation waited for); the relaxed form accepts any
     *               snapshot within the staleness bound, which DESIGN.md §3 allows
     */
    private Held usable(State state, long atLeastRevision, long now, boolean strict) {
        Current c = state.current;
        if (c == null) {
            return null;
        }
        long age = now - c.confirmedAtNanos();
        boolean fresh = age < config.maxStaleness().toNanos();
        if (c.snapshot() == null) {
            // a known-missing account: answered as unknown while the knowledge is fresh
            return atLeastRevision == 0 && fresh ? new Held(null, -1) : null;
        }
        long revision = c.snapshot().revision();
        long needed = strict ? Math.max(atLeastRevision, state.latestKnown) : atLeastRevision;
        if (revision >= needed && fresh) {
            return new Held(c.snapshot(), -1);
        }
        // outage: never a revision known to be superseded, never one older than the caller saw
        if (databaseDown() && revision >= Math.max(atLeastRevision, state.latestKnown)
                && age < config.outageGrace().toNanos()) {
            return new Held(c.snapshot(), TimeUnit.NANOSECONDS.toMillis(age));
        }
        return null;
    }

    private CompletableFuture<Held> attempt(String account, State state, long atLeast, long deadline) {
        long remaining = deadline - System.nanoTime();
        CompletableFuture<Throwable> refreshed = refresh(account, state)
                .handle((ok, failure) -> failure)
                // a hung database must not hold the check past its deadline
                .completeOnTimeout(new java.util.concurrent.TimeoutException(), Math.max(0, remaining), TimeUnit.NANOSECONDS);
        return refreshed.thenCompose(failure -> {
            long now = System.nanoTime();
            Held held = usable(state, atLeast, now, true);
            if (held == null) {
                held = usable(state, atLeast, now, false);
            }
            if (held != null) {
                return CompletableFuture.completedFuture(held);
            }
            Current c = state.current;
            if (c != null && c.snapshot() == null && failure == null) {
                return CompletableFuture.completedFuture(new Held(null, -1)); // no such account
            }
            if (failure != null && unwrap(failure) instanceof ProblemException p) {
                return CompletableFuture.failedFuture(p);
            }
            boolean timedOut = failure instanceof java.util.concurrent.TimeoutException;
            if ((failure != null && !timedOut) || (timedOut && databaseDown())) {
                return CompletableFuture.failedFuture(
                        ProblemException.unavailable("database_unavailable", "The database cannot be reached; try again."));
            }
            if (now >= deadline || timedOut) {
                return CompletableFuture.failedFuture(ProblemException.unavailable("revision_unavailable", "Revision "
                        + atLeast + " of this account is not available yet; the newest is " + newest(state) + "."));
            }
            // waiting for a revision this replica cannot read yet (a token from the future, or a
            // database replica behind the primary): ask again shortly
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, builders))
                    .thenCompose(x -> attempt(account, state, atLeast, deadline));
        });
    }

    private CompletableFuture<Void> refresh(String account, State state) {
        synchronized (state) {
            if (state.refresh == null || state.refresh.isDone()) {
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> rebuild(account, state), builders);
                // a revision announced while this rebuild read older data gets a rebuild of its own
                run.whenComplete((ok, failure) -> {
                    if (failure == null && state.latestKnown > newest(state)) {
                        builders.execute(() -> refresh(account, state));
                    }
                });
                state.refresh = run;
            }
            return state.refresh;
        }
    }

    private void rebuild(String account, State state) {
        long started = System.nanoTime();
        try {
            OptionalLong current = loader.currentRevision(account);
            reachable();
            if (current.isEmpty()) {
                synchronized (state) {
                    install(state, new Current(null, started), 0);
                }
                rebuiltMissing.increment();
                return;
            }
            synchronized (state) {
                trustDatabase(account, state, current.getAsLong());
                Current held = state.current;
                if (held != null && held.snapshot() != null && held.revision() >= current.getAsLong()) {
                    state.current = new Current(held.snapshot(), Math.max(started, held.confirmedAtNanos()));
                    rebuiltUnchanged.increment();
                    return;
                }
            }
            Optional<AccountModel> model = loader.load(account);
            if (model.isEmpty()) {
                synchronized (state) {
                    install(state, new Current(null, started), 0);
                }
                rebuiltMissing.increment();
                return;
            }
            long compileStart = System.nanoTime();
            Snapshot snapshot = compile(model.get());
            synchronized (state) {
                install(state, new Current(snapshot, started), snapshot.revision());
            }
            rebuiltBuilt.increment();
            rebuildDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            // off the request path and after the install, so it never delays a revocation
            builders.execute(snapshot::precomputeEffectiveAccess);
            LOG.debugf("account %s: snapshot at revision %d built in %d ms (compile %d ms)", account, snapshot.revision(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - compileStart));
        } catch (SQLException e) {
            rebuiltFailed.increment();
            if (connectionFailure(e)) {
                databaseUnreachable();
            }
            LOG.debugf("account %s: cannot read a snapshot: %s", account, e.getMessage());
            throw new CompletionException(e);
        } catch (RuntimeException e) {
            rebuiltFailed.increment();
            throw e;
        }
    }

    /** Installs {@code next} unless a newer snapshot is already held (caller holds the monitor). */
    private static void install(State state, Current next, long revision) {
        Current held = state.current;
        if (held != null && held.snapshot() != null && next.snapshot() != null && held.revision() > revision) {
            return;
        }
        state.current = next;
        if (revision > state.latestKnown) {
            state.latestKnown = revision;
        }
    }

    /**
     * The database is the authority on revisions: a notification can be forged by any database
     * role and a restored backup moves revisions back, so a known revision above the database's
     * is dropped (caller holds the monitor).
     */
    private static void trustDatabase(String account, State state, long databaseRevision) {
        if (state.latestKnown > databaseRevision) {
            LOG.warnf("account %s: heard of revision %d but the database is at %d; trusting the database",
                    account, state.latestKnown, databaseRevision);
            state.latestKnown = databaseRevision;
        }
    }

    static boolean connectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static long newest(State state) {
        Current c = state.current;
        return c == null ? 0 : c.revision();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static Snapshot compile(AccountModel model) {
        try {
            return SnapshotCompiler.compile(model);
        } catch (ModelException e) {
            // writes validate, so the stored data was changed behind our back: fail closed
            LOG.errorf("account %s at revision %d does not compile: %s", model.account(), model.revision(), e.getMessage());
            throw ProblemException.unavailable("snapshot_invalid",
                    "This account's data cannot be compiled; checks are refused until it is fixed.");
        }
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
