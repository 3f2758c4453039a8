package dev.rolegate.ldapsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.platform.Attribution;
import dev.rolegate.ldap.DirectoryProbe;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncCounts;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.Watermark;
import dev.rolegate.ldapsync.api.LdapConfigRequest;
import dev.rolegate.ldapsync.api.LdapRunResponse;
import dev.rolegate.ldapsync.api.LdapTestResponse;
import dev.rolegate.ldapsync.store.LdapSyncRunEntity;
import dev.rolegate.platform.DirectConnections;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs LDAP syncs: reads the directory, plans with the pure {@link SyncPlanner} against what the
 * account holds, applies a ready plan in the run's one transaction (unless a dry run), and
 * records the run.
 *
 * <p>A run's life: {@link #start} takes the account's {@link SyncLock} (one run per account at a
 * time, across replicas; a second run answers 409 {@code sync_in_progress} at once), commits the
 * {@code running} row in a short transaction, and hands the work to the bounded
 * {@link LdapSyncExecutor}. The work commits its phase as it goes ({@code reading},
 * {@code planning}, {@code applying}) and writes the final record in the same transaction as the
 * changes; a failed run is rolled back and its failure recorded in a short transaction, both
 * before the lock is released. A {@code running} row whose lock nobody holds belonged to a
 * process that died: it reads as {@code failed} / {@code interrupted} ({@link #markInterrupted}),
 * and nothing of it was committed. An aborted run changes nothing.
 */
@ApplicationScoped
public class LdapSyncService {

    /**
     * The actor the audit entries of a scheduled run name (an API-triggered run's name the
     * subject of the admin who requested it, as its {@code requestedBy} does).
     */
    public static final String SCHEDULER_ACTOR = "system:ldap-scheduler";

    /** A run's transaction (read, plan and apply) may take this long before it is rolled back. */
    private static final int RUN_TIMEOUT_SECONDS = 3600;

    private static final Logger LOG = Logger.getLogger(LdapSyncService.class);

    @Inject
    LdapConfigService configs;

    @Inject
    LdapDirectory ldap;

    @Inject
    LdapClientOptions options;

    @Inject
    DirectoryReaders readers;

    @Inject
    PlanWriter writer;

    @Inject
    DirectoryStateLoader states;

    @Inject
    UnitOfWork writes;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    LdapSyncExecutor executor;

    @Inject
    LdapSyncMetrics metrics;

    @Inject
    DirectConnections connections;

    /** The sessions of {@link SyncLock}s, kept between runs; guarded by {@code this}. */
    private SyncLock.Sessions lockSessions;

    /** Tries the stored settings' connection and searches; changes nothing. @throws ProblemException ldap_* */
    public LdapTestResponse test(String account) {
        return test(account, null);
    }

    /**
     * Tries the connection and the searches of {@code body}'s settings (with its
     * {@code bindPassword}, or the stored one while the destination is unchanged), or of the
     * stored settings when {@code body} is null; changes nothing.
     *
     * @throws ProblemException ldap_*; for a body also as {@link LdapConfigService#candidate}
     */
    public LdapTestResponse test(String account, LdapConfigRequest body) {
        LdapSettings settings = body == null ? configs.current(account) : configs.candidate(account, body);
        try (DirectoryReader reader = ldap.open(settings, options)) {
            DirectoryProbe probe = reader.probe();
            return new LdapTestResponse(probe.users(), probe.groups(), probe.activeDirectory(), probe.unmappedGroupDns(),
                    probe.problems());
        } catch (LdapException e) {
            throw problem(e);
        }
    }

    /** What started a run: the sync API or the scheduler. */
    public enum Trigger {
        API, SCHEDULED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An accepted run.
     *
     * @param accepted its record as committed before its work started ({@code running},
     *                 phase {@code queued})
     * @param finished completes with its final record ({@code succeeded}, {@code failed} or
     *                 {@code aborted}); a failure of the run itself is a {@code failed} record,
     *                 never an exceptional completion, unless the database went away
     */
    public record Started(LdapRunResponse accepted, CompletableFuture<LdapRunResponse> finished) {
    }

    /**
     * Runs a sync, waits for it and answers with its final record.
     *
     * @throws ProblemException as {@link #start}
     */
    public LdapRunResponse sync(String account, SyncMode mode, boolean dryRun, String requestedBy) {
        Started started = start(account, mode, dryRun, Trigger.API, requestedBy);
        try {
            return started.finished().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Accepts a run: takes the account's {@link SyncLock} (held until the run's final record is
     * committed), commits its {@code running} row in a short transaction of its own, and hands
     * the work to the bounded {@link LdapSyncExecutor}. Answers at once. The run's audit entries
     * name {@code requestedBy} and the current request id, or {@link #SCHEDULER_ACTOR} for a
     * scheduled run.
     *
     * @param requestedBy the API caller's subject (required for {@link Trigger#API}), or null for a
     *                    scheduled run
     * @throws ProblemException 404 {@code ldap_not_configured}; 409 {@code sync_in_progress} when
     *         a run of the account holds the lock on any replica; 409 {@code full_sync_required}
     *         for an incremental run without an applied full run before it; 503
     *         {@code sync_capacity_exhausted} when this replica's run queue is full; 503
     *         {@code database_unavailable} when the lock cannot be taken
     */
    public Started start(String account, SyncMode mode, boolean dryRun, Trigger trigger, String requestedBy) {
        // captured here, on the requesting thread: the run executes on a pool thread with no request
        Object requestId = MDC.get("requestId");
        Attribution by = new Attribution(
                trigger == Trigger.SCHEDULED ? SCHEDULER_ACTOR : java.util.Objects.requireNonNull(requestedBy, "requestedBy"),
                trigger == Trigger.SCHEDULED || requestId == null ? null : requestId.toString());
        QuarkusTransaction.requiringNew().run(() -> {
            configs.settings(account);
            if (mode == SyncMode.INCREMENTAL && lastWatermark(account) == null) {
                throw fullSyncRequired();
            }
        });
        long startedNanos = System.nanoTime();
        SyncLock lock = lock(account);
        String id = UUID.randomUUID().toString();
        long lockedNanos = System.nanoTime();
        try {
            LdapRunResponse accepted = QuarkusTransaction.requiringNew().call(() -> {
                LdapSyncRunEntity run = newRun(account, id, mode, dryRun, clock.instant());
                run.status = "running";
                run.phase = "queued";
                run.trigger = trigger.wireName();
                run.requestedBy = requestedBy;
                run.persist();
                return view(run);
            });
            CompletableFuture<LdapRunResponse> finished;
            try {
                Timing timing = new Timing(startedNanos);
                timing.mark("lock", lockedNanos);
                timing.mark("accept", System.nanoTime());
                finished = executor.submit(() -> execute(account, id, mode, dryRun, timing, lock, by));
            } catch (RejectedExecutionException e) {
                QuarkusTransaction.requiringNew().run(() -> LdapSyncRunEntity.delete("accountId = ?1 and id = ?2", account, id));
                throw ProblemException.unavailable("sync_capacity_exhausted",
                        "This replica runs as many LDAP syncs as it may queue; try again later.");
            }
            return new Started(accepted, finished);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private SyncLock lock(String account) {
        Optional<SyncLock> lock;
        try {
            lock = lockSessions().tryAcquire(account);
        } catch (IllegalStateException e) {
            LOG.warnf("LDAP sync lock of account %s: %s", account, e.getMessage());
            throw ProblemException.unavailable("database_unavailable", "The database cannot be reached; try again later.");
        }
        return lock.orElseThrow(() -> ProblemException.conflict("sync_in_progress",
                "An LDAP sync of this account is running; try again when it has finished."));
    }

    private synchronized SyncLock.Sessions lockSessions() {
        if (lockSessions == null) {
            lockSessions = new SyncLock.Sessions(connections);
        }
        return lockSessions;
    }

    @PreDestroy
    synchronized void closeLockSessions() {
        if (lockSessions != null) {
            lockSessions.close();
        }
    }

    /** The work of an accepted run, on a pool thread; releases the lock when its record is final. */
    private LdapRunResponse execute(String account, String id, SyncMode mode, boolean dryRun, Timing timing,
                                    SyncLock lock, Attribution by) {
        timing.mark("queue", System.nanoTime());
        if (by.requestId() != null) {
            MDC.put("requestId", by.requestId()); // so the run's log lines name the request too
        }
        try (lock) {
            Finished result;
            try {
                result = QuarkusTransaction.requiringNew().timeout(RUN_TIMEOUT_SECONDS)
                        .call(() -> runInTransaction(account, id, mode, dryRun, by, timing));
            } catch (RuntimeException e) {
                String error;
                if (e instanceof RunFailed) {
                    error = e.getMessage();
                } else if (e instanceof ProblemException p) {
                    error = p.problem().code() + ": " + p.problem().detail();
                } else {
                    error = "internal error: " + e.getClass().getSimpleName();
                    LOG.errorf(e, "LDAP sync %s of account %s failed", id, account);
                }
                // the run's transaction rolled back; its failure is recorded while the lock is still held
                result = QuarkusTransaction.requiringNew().call(() -> {
                    LdapSyncRunEntity run = LdapSyncRunEntity.find("accountId = ?1 and id = ?2", account, id).firstResult();
                    run.status = "failed";
                    run.error = error;
                    run.phase = "done";
                    run.finishedAt = clock.instant();
                    return new Finished(view(run), null);
                });
            }
            timing.mark("commit", System.nanoTime());
            metrics.finished(mode, result.run().status(), Duration.ofNanos(System.nanoTime() - timing.startedNanos),
                    result.applied());
            LOG.debugf("LDAP sync %s (%s) timing: %s", id, mode, timing);
            return result.run();
        } finally {
            MDC.remove("requestId");
        }
    }

    /** A run's final record, and the counts of what it applied (null when it applied nothing). */
    private record Finished(LdapRunResponse run, SyncCounts applied) {
    }

    private Finished runInTransaction(String account, String id, SyncMode mode, boolean dryRun, Attribution by,
                                      Timing timing) {
        LdapSettings settings = configs.settings(account);
        Watermark since = mode == SyncMode.FULL ? null : lastWatermark(account);
        if (mode == SyncMode.INCREMENTAL && since == null) {
            throw fullSyncRequired();
        }
        timing.mark("settings", System.nanoTime());
        progress(account, id, "reading", 0);
        timing.mark("progress", System.nanoTime());
        DirectoryRead read;
        long[] readNanos = new long[1];
        try {
            read = readers.with(account, settings, reader -> {
                long t = System.nanoTime();
                DirectoryRead r = mode == SyncMode.FULL ? reader.readFull() : reader.readChanges(since);
                readNanos[0] = System.nanoTime() - t;
                return r;
            });
        } catch (LdapException e) {
            throw new RunFailed(e.code() + ": " + e.getMessage());
        }
        long readDone = System.nanoTime();
        timing.mark("connect", readDone - readNanos[0]);
        timing.mark("read", readDone);
        int entriesRead = read.users().size() + read.groups().size();
        if (entriesRead > 0) { // a read that found nothing has nothing to plan: no need to say so
            progress(account, id, "planning", entriesRead);
        }
        // the plan is made against the account as it will be written onto: under the account lock,
        // taken after the (slow) directory read so other writers wait only for planning and writing
        writes.lock(account);
        SyncPlan plan = SyncPlanner.plan(read, states.load(account, read), PlanOptions.of(settings, ldap::dn));
        timing.mark("plan", System.nanoTime());
        SyncCounts applied = null;
        String status;
        String error = null;
        String watermark = null;
        String changeList = null;
        if (plan instanceof SyncPlan.Aborted aborted) {
            status = "aborted";
            error = aborted.message();
            if (!aborted.wouldBe().isEmpty()) { // what the safety rule stopped, for the admin to judge
                changeList = write(SyncRunChanges.of(aborted.wouldBe(), read));
            }
        } else {
            SyncChanges changes = ((SyncPlan.Ready) plan).changes();
            status = "succeeded";
            changeList = write(SyncRunChanges.of(changes, read)); // what the console lists under the run
            if (!dryRun) {
                progress(account, id, "applying", read.users().size() + read.groups().size());
                writer.apply(account, changes, id, mode, by);
                watermark = read.highWatermark() == null ? null : write(read.highWatermark());
                applied = plan.counts();
            }
        }
        // the final record commits with the run's changes, or not at all
        LdapSyncRunEntity run = LdapSyncRunEntity.find("accountId = ?1 and id = ?2", account, id).firstResult();
        if (!(plan instanceof SyncPlan.Aborted)) {
            counts(run, plan.counts());
        }
        run.status = status;
        run.error = error;
        run.watermark = watermark;
        run.changes = changeList;
        run.phase = "done";
        run.entriesRead = read.users().size() + read.groups().size();
        run.finishedAt = clock.instant();
        timing.mark("record", System.nanoTime());
        return new Finished(view(run), applied);
    }

    /** Where a run's time went, for the debug log: phase and milliseconds since the previous mark. */
    static final class Timing {
        final long startedNanos;
        private long lastNanos;
        private final StringBuilder text = new StringBuilder();

        Timing(long startedNanos) {
            this.startedNanos = startedNanos;
            this.lastNanos = startedNanos;
        }

        synchronized void mark(String phase, long nanos) {
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", (nanos - lastNanos) / 1e6)).append(" ms");
            lastNanos = nanos;
        }

        @Override
        public synchronized String toString() {
            return text + String.format(Locale.ROOT, "; total %.1f ms", (lastNanos - startedNanos) / 1e6);
        }
    }

    /** Commits a running run's phase at once (its own short transaction), for GET .../runs/{id}. */
    private void progress(String account, String id, String phase, int entriesRead) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE ldap_sync_run SET phase = ?3, entries_read = ?4 WHERE account_id = ?1 AND id = ?2")
                .setParameter(1, account).setParameter(2, id).setParameter(3, phase).setParameter(4, entriesRead)
                .executeUpdate());
    }

    private static ProblemException fullSyncRequired() {
        return ProblemException.conflict("full_sync_required", "An incremental LDAP sync needs a succeeded full sync first.");
    }

    /**
     * Marks {@code running} rows whose owner no longer holds the account's lock (its process
     * died, or its database session ended) as {@code failed} with error {@code interrupted}.
     * Their changes never committed: a run's changes and its final record are one transaction.
     * One statement, so a run that starts meanwhile is never taken for stale.
     *
     * @param account one account, or null for all
     * @return how many rows it marked
     */
    int markInterrupted(String account) {
        var update = em.createNativeQuery("UPDATE ldap_sync_run SET status = 'failed', error = 'interrupted', phase = 'done', "
                        + "finished_at = ?1 WHERE status = 'running' AND NOT " + SyncLock.HELD
                        + (account == null ? "" : " AND account_id = ?2"))
                .setParameter(1, clock.instant());
        if (account != null) {
            update.setParameter(2, account);
        }
        return update.executeUpdate();
    }

    /** At start, for every account; reads fix up later if the database is away now. */
    void markInterruptedAtStart(@Observes StartupEvent event) {
        try {
            int marked = QuarkusTransaction.requiringNew().call(() -> markInterrupted(null));
            if (marked > 0) {
                LOG.warnf("%d LDAP sync run(s) left running by a stopped process marked failed (interrupted)", marked);
            }
        } catch (RuntimeException e) {
            LOG.warnf("stale LDAP sync runs not looked for at start: %s", e.getClass().getSimpleName());
        }
    }

    /** The account's runs, newest first; stale running runs read as interrupted. */
    @Transactional
    public List<LdapRunResponse> runs(String account, int limit) {
        configs.settings(account);
        markInterrupted(account);
        return LdapSyncRunEntity.<LdapSyncRunEntity>find("accountId = ?1 order by startedAt desc, id", account)
                .page(0, limit).list().stream().map(LdapSyncService::view).toList();
    }

    /** One run; a stale running run reads as interrupted. @throws ProblemException 404 {@code run_not_found} */
    @Transactional
    public LdapRunResponse run(String account, String id) {
        markInterrupted(account);
        LdapSyncRunEntity run = LdapSyncRunEntity.find("accountId = ?1 and id = ?2", account, id).firstResult();
        if (run == null) {
            throw ProblemException.notFound("run_not_found", "This account has no LDAP sync run '" + id + "'.");
        }
        return view(run);
    }

    /**
     * What a succeeded run changed, or would change when it was a dry run, or what an aborted
     * run would have changed had its safety rule let it; empty for a running or failed run, an
     * aborted one that planned nothing, and runs recorded before the list was kept.
     *
     * @throws ProblemException 404 {@code run_not_found}
     */
    @Transactional
    public Optional<SyncRunChanges> changes(String account, String id) {
        LdapSyncRunEntity run = LdapSyncRunEntity.find("accountId = ?1 and id = ?2", account, id).firstResult();
        if (run == null) {
            throw ProblemException.notFound("run_not_found", "This account has no LDAP sync run '" + id + "'.");
        }
        if (run.changes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(run.changes, SyncRunChanges.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sync run changes do not parse", e);
        }
    }

    /**
     * When the account's last run started and when its last applied full run that recorded a
     * watermark did, for the scheduler; empty when none.
     */
    @Transactional
    public ScheduleState scheduleState(String account) {
        Instant lastStart = (Instant) em.createQuery(
                "select max(r.startedAt) from LdapSyncRunEntity r where r.accountId = ?1").setParameter(1, account)
                .getSingleResult();
        Instant lastFull = (Instant) em.createQuery("select max(r.startedAt) from LdapSyncRunEntity r where r.accountId = ?1 "
                        + "and r.mode = 'full' and r.status = 'succeeded' and r.dryRun = false and r.watermark is not null")
                .setParameter(1, account).getSingleResult();
        return new ScheduleState(Optional.ofNullable(lastStart), Optional.ofNullable(lastFull));
    }

    /** See {@link #scheduleState}. */
    public record ScheduleState(Optional<Instant> lastStart, Optional<Instant> lastAppliedFull) {
    }


    // ---- state -----------------------------------------------------------------------------

    private Watermark lastWatermark(String account) {
        LdapSyncRunEntity last = LdapSyncRunEntity.<LdapSyncRunEntity>find(
                "accountId = ?1 and status = 'succeeded' and dryRun = false and watermark is not null order by startedAt desc",
                account).firstResult();
        if (last == null) {
            return null;
        }
        try {
            return json.readValue(last.watermark, Watermark.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored watermark does not parse", e);
        }
    }

    // ---- records ---------------------------------------------------------------------------

    private static LdapSyncRunEntity newRun(String account, String id, SyncMode mode, boolean dryRun, Instant started) {
        LdapSyncRunEntity run = new LdapSyncRunEntity();
        run.accountId = account;
        run.id = id;
        run.mode = mode.name().toLowerCase(Locale.ROOT);
        run.dryRun = dryRun;
        run.startedAt = started;
        return run;
    }

    private static void counts(LdapSyncRunEntity run, SyncCounts c) {
        run.usersCreated = c.usersCreated();
        run.usersUpdated = c.usersUpdated();
        run.usersDeprovisioned = c.usersDeprovisioned();
        run.groupsCreated = c.groupsCreated();
        run.groupsUpdated = c.groupsUpdated();
        run.groupsRemoved = c.groupsRemoved();
        run.assignmentsAdded = c.assignmentsAdded();
        run.assignmentsRemoved = c.assignmentsRemoved();
    }

    static LdapRunResponse view(LdapSyncRunEntity r) {
        return new LdapRunResponse(r.id, r.mode, r.dryRun, r.status, r.usersCreated, r.usersUpdated, r.usersDeprovisioned,
                r.groupsCreated, r.groupsUpdated, r.groupsRemoved, r.assignmentsAdded, r.assignmentsRemoved, r.error,
                r.startedAt == null ? null : r.startedAt.toString(), r.finishedAt == null ? null : r.finishedAt.toString(),
                r.trigger, r.requestedBy, r.phase, r.entriesRead);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem+json of a directory failure: 503 ldap_unavailable, else 502 with the failure's code. */
    static ProblemException problem(LdapException e) {
        int status = e.failure() == LdapFailure.UNAVAILABLE ? 503 : 502;
        String title = e.failure() == LdapFailure.UNAVAILABLE ? "LDAP server unavailable" : "LDAP request failed";
        return new ProblemException(Problem.of(status, e.code(), title, e.getMessage(), List.of()));
    }

    /** A run that failed for a reason worth recording as is (a directory failure). */
    static final class RunFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailed(String message) {
            super(message);
        }
    }
}
