package dev.rolegate.check;

import dev.rolegate.change.AccountChanged;
import dev.rolegate.check.store.SnapshotLoader;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.platform.DatabaseFailures;
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
 * <p><b>Patch, or rebuild.</b> A refresh of an account whose snapshot is held applies the change
 * feed's records of the revisions in between to it ({@link FeedPatcher}: few records, no gap,
 * nothing the patcher refuses) and reads and compiles the account whole otherwise
 * ({@code rolegate.check.patch-max-changes}). Either way the installed snapshot is at exactly
 * the revision the database reported. {@code rolegate_snapshot_patches_total} counts patches
 * and the reasons for falling back.
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
 * <p>These rules are {@link SnapshotFreshness}'s, pure code on a ticker with its own unit tests;
 * this class wires them to the loader, the builder threads and the meters. Database failures
 * are classified by {@link DatabaseFailures#unreachable}, the same rule the HTTP layer uses.
 *
 * <p>The check path itself does no I/O and takes no lock: {@link #tryNow} reads volatile fields only.
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

    /** Per account: the freshness state, and the refresh under way (under the object's monitor). */
    private static final class State extends SnapshotFreshness.Account {
        CompletableFuture<Void> refresh;
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final ExecutorService builders = Executors.newFixedThreadPool(2, daemonThreads("snapshot-builder"));
    /** The rules of what may answer a check; on System.nanoTime(). */
    private SnapshotFreshness freshness;

    @Inject
    SnapshotLoader loader;

    @Inject
    FeedPatcher patcher;

    @Inject
    CheckConfig config;

    @Inject
    MeterRegistry registry;

    private Counter rebuiltBuilt;
    private Counter rebuiltUnchanged;
    private Counter rebuiltMissing;
    private Counter rebuiltFailed;
    private Timer rebuildDuration;
    private Counter patched;
    private final Map<FeedPatcher.Fallback, Counter> patchFallbacks = new java.util.EnumMap<>(FeedPatcher.Fallback.class);
    private Timer patchDuration;

    @PostConstruct
    void start() {
        freshness = new SnapshotFreshness(
                SnapshotFreshness.Settings.of(config.maxStaleness(), config.outageGrace(), config.pollInterval()),
                System::nanoTime);
        meters();
    }

    private void meters() {
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
        patched = patches("patched");
        for (FeedPatcher.Fallback fallback : FeedPatcher.Fallback.values()) {
            patchFallbacks.put(fallback, patches(fallback.tag()));
        }
        patchDuration = Timer.builder("rolegate.snapshot.patch.duration")
                .description("Time to read the change records, translate them and patch a held snapshot (patches that did)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
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

    private Counter patches(String outcome) {
        return Counter.builder("rolegate.snapshot.patches")
                .description("Held snapshots brought to a newer revision from the change feed (patched), or why a rebuild"
                        + " from the tables did it instead: gap, too_many, untranslatable, refused, failed")
                .tag("outcome", outcome)
                .register(registry);
    }

    double oldestConfirmationSeconds() {
        long now = freshness.now();
        long oldest = 0;
        for (State state : states.values()) {
            SnapshotFreshness.Current c = state.current;
            if (c != null && c.snapshot() != null) {
                oldest = Math.max(oldest, now - c.confirmedAtNanos());
            }
        }
        return oldest / 1e9;
    }

    double largestRevisionLag() {
        long lag = 0;
        for (State state : states.values()) {
            SnapshotFreshness.Current c = state.current;
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
        return state == null ? null : freshness.usable(state, atLeastRevision, true);
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
        long deadline = freshness.now() + config.revisionWait().toNanos();
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
        boolean behind;
        synchronized (state) {
            behind = SnapshotFreshness.heard(state, revision);
        }
        if (behind) {
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
                logDropped(account, state, revision);
                behind = SnapshotFreshness.confirmed(state, revision, readStartNanos);
            }
            if (behind) {
                heard(account, revision);
            }
        }
    }

    /** The ticker the freshness rules run on (nanoseconds): a poll stamps its read's start with it. */
    long ticks() {
        return freshness.now();
    }

    /** The accounts this replica holds snapshots of (what the poll confirms). */
    List<String> heldAccounts() {
        return List.copyOf(states.keySet());
    }

    /** A read of the database failed; {@link DatabaseFailures#unreachable} tells whether the outage grace starts. */
    void databaseFailed(Throwable failure) {
        if (DatabaseFailures.unreachable(failure) && freshness.unreachable()) {
            LOG.warn("database unreachable: checks answer from held snapshots within the outage grace");
        }
    }

    /** True while the database cannot be reached or has not answered for longer than the staleness bound. */
    public boolean databaseDown() {
        return freshness.databaseDown();
    }

    void onLocalWrite(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        heard(change.account(), change.revision());
    }

    @PreDestroy
    void stop() {
        builders.shutdownNow();
    }

    private void reachable() {
        if (freshness.reachable()) {
            LOG.info("database reachable again");
        }
    }

    private CompletableFuture<Held> attempt(String account, State state, long atLeast, long deadline) {
        long remaining = deadline - freshness.now();
        CompletableFuture<Throwable> refreshed = refresh(account, state)
                .handle((ok, failure) -> failure)
                // a hung database must not hold the check past its deadline
                .completeOnTimeout(new java.util.concurrent.TimeoutException(), Math.max(0, remaining), TimeUnit.NANOSECONDS);
        return refreshed.thenCompose(failure -> {
            if (failure != null && unwrap(failure) instanceof ProblemException p) {
                Held held = freshness.usable(state, atLeast, false);
                return held != null ? CompletableFuture.completedFuture(held) : CompletableFuture.failedFuture(p);
            }
            SnapshotFreshness.Refresh refresh = failure == null ? SnapshotFreshness.Refresh.DONE
                    : failure instanceof java.util.concurrent.TimeoutException ? SnapshotFreshness.Refresh.TIMED_OUT
                    : SnapshotFreshness.Refresh.FAILED;
            SnapshotFreshness.Outcome outcome = freshness.afterRefresh(state, atLeast, deadline, refresh);
            if (outcome instanceof SnapshotFreshness.Outcome.Use use) {
                return CompletableFuture.completedFuture(use.held());
            }
            if (outcome instanceof SnapshotFreshness.Outcome.Fail fail) {
                return CompletableFuture.failedFuture(fail.code().equals(SnapshotFreshness.DATABASE_UNAVAILABLE)
                        ? ProblemException.unavailable(fail.code(), "The database cannot be reached; try again.")
                        : ProblemException.unavailable(fail.code(), "Revision " + atLeast
                                + " of this account is not available yet; the newest is " + state.heldRevision() + "."));
            }
            // waiting for a revision this replica cannot read yet: ask again shortly
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
                    if (failure == null && state.latestKnown > state.heldRevision()) {
                        builders.execute(() -> refresh(account, state));
                    }
                });
                state.refresh = run;
            }
            return state.refresh;
        }
    }

    private void rebuild(String account, State state) {
        long started = freshness.now();
        try {
            OptionalLong current = loader.currentRevision(account);
            reachable();
            if (current.isEmpty()) {
                synchronized (state) {
                    SnapshotFreshness.install(state, new SnapshotFreshness.Current(null, started));
                }
                rebuiltMissing.increment();
                return;
            }
            synchronized (state) {
                logDropped(account, state, current.getAsLong());
                SnapshotFreshness.trustDatabase(state, current.getAsLong());
                if (SnapshotFreshness.alreadyCurrent(state, current.getAsLong(), started)) {
                    rebuiltUnchanged.increment();
                    return;
                }
            }
            if (patched(account, state, current.getAsLong(), started)) {
                return;
            }
            Optional<AccountModel> model = loader.load(account);
            if (model.isEmpty()) {
                synchronized (state) {
                    SnapshotFreshness.install(state, new SnapshotFreshness.Current(null, started));
                }
                rebuiltMissing.increment();
                return;
            }
            long compileStart = System.nanoTime();
            Snapshot snapshot = compile(model.get());
            synchronized (state) {
                SnapshotFreshness.install(state, new SnapshotFreshness.Current(snapshot, started));
            }
            rebuiltBuilt.increment();
            rebuildDuration.record(freshness.now() - started, TimeUnit.NANOSECONDS);
            // off the request path and after the install, so it never delays a revocation
            builders.execute(snapshot::precomputeEffectiveAccess);
            LOG.debugf("account %s: snapshot at revision %d built in %d ms (compile %d ms)", account, snapshot.revision(),
                    TimeUnit.NANOSECONDS.toMillis(freshness.now() - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - compileStart));
        } catch (SQLException e) {
            rebuiltFailed.increment();
            databaseFailed(e);
            LOG.debugf("account %s: cannot read a snapshot: %s", account, e.getMessage());
            throw new CompletionException(e);
        } catch (RuntimeException e) {
            rebuiltFailed.increment();
            databaseFailed(e);
            throw e;
        }
    }

    /**
     * Brings the held snapshot to {@code revision} from the change feed ({@link FeedPatcher}), when
     * one is held and patching is on. Fail closed: only a snapshot at exactly {@code revision} is
     * installed, confirmed from {@code started} as a rebuild's would be (the database was at
     * {@code revision} when it was read after {@code started}).
     *
     * @return true when installed; false when the caller must rebuild from the tables
     */
    private boolean patched(String account, State state, long revision, long started) {
        SnapshotFreshness.Current held = state.current;
        if (config.patchMaxChanges() <= 0 || held == null || held.snapshot() == null || held.revision() >= revision) {
            return false;
        }
        long patchStart = System.nanoTime();
        FeedPatcher.Outcome outcome;
        try {
            outcome = patcher.patch(account, held.snapshot(), revision);
        } catch (SQLException | RuntimeException e) {
            // the rebuild reads the same database and classifies its failures
            outcome = new FeedPatcher.Outcome.Rebuild(FeedPatcher.Fallback.FAILED, e.toString());
        }
        if (outcome instanceof FeedPatcher.Outcome.Patched p && p.snapshot().revision() == revision) {
            Snapshot snapshot = p.snapshot();
            synchronized (state) {
                SnapshotFreshness.install(state, new SnapshotFreshness.Current(snapshot, started));
            }
            patched.increment();
            patchDuration.record(System.nanoTime() - patchStart, TimeUnit.NANOSECONDS);
            builders.execute(snapshot::precomputeOwnEffectiveAccess);
            LOG.debugf("account %s: snapshot patched from revision %d to %d (%d changes) in %d µs", account, held.revision(),
                    revision, p.changes(), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - patchStart));
            return true;
        }
        FeedPatcher.Outcome.Rebuild rebuild = outcome instanceof FeedPatcher.Outcome.Rebuild r ? r
                : new FeedPatcher.Outcome.Rebuild(FeedPatcher.Fallback.REFUSED, "patched to another revision");
        patchFallbacks.get(rebuild.reason()).increment();
        LOG.debugf("account %s: revisions %d..%d not patched (%s: %s); rebuilding", account, held.revision() + 1, revision,
                rebuild.reason().tag(), rebuild.detail());
        return false;
    }

    /** Logs a revision heard of that the database does not have (caller holds the monitor). */
    private static void logDropped(String account, State state, Long databaseRevision) {
        if (databaseRevision != null && state.latestKnown > databaseRevision) {
            LOG.warnf("account %s: heard of revision %d but the database is at %d; trusting the database",
                    account, state.latestKnown, databaseRevision);
        }
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
