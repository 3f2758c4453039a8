package dev.rolegate.ldapsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.rolegate.ldapsync.api.LdapRunResponse;
import dev.rolegate.ldapsync.api.LdapTestResponse;
import dev.rolegate.ldapsync.store.LdapSyncRunEntity;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs LDAP syncs: reads the directory, plans with the pure {@link SyncPlanner} against what the
 * account holds, applies a ready plan in the run's one transaction (unless a dry run), and
 * records the run. One run per account at a time, across replicas: the run's transaction holds a
 * PostgreSQL advisory transaction lock, and a second run answers 409 {@code sync_in_progress}.
 * A failed run is rolled back and recorded on its own; an aborted one changes nothing.
 */
@ApplicationScoped
public class LdapSyncService {

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
    PlanWriter writer;

    @Inject
    DirectoryStateLoader states;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /** Tries the connection and the searches; changes nothing. @throws ProblemException ldap_* */
    public LdapTestResponse test(String account) {
        LdapSettings settings = configs.current(account);
        try (DirectoryReader reader = ldap.open(settings, options)) {
            DirectoryProbe probe = reader.probe();
            return new LdapTestResponse(probe.users(), probe.groups(), probe.activeDirectory(), probe.unmappedGroupDns(),
                    probe.problems());
        } catch (LdapException e) {
            throw problem(e);
        }
    }

    /** Runs a sync and answers with its record. @throws ProblemException 409 sync_in_progress, 404 */
    public LdapRunResponse sync(String account, SyncMode mode, boolean dryRun) {
        String id = UUID.randomUUID().toString();
        Instant started = clock.instant();
        try {
            return QuarkusTransaction.requiringNew().timeout(RUN_TIMEOUT_SECONDS).call(() -> runInTransaction(account, id, mode, dryRun, started));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            String error = e instanceof RunFailed f ? f.getMessage() : "internal error: " + e.getClass().getSimpleName();
            if (!(e instanceof RunFailed)) {
                LOG.errorf(e, "LDAP sync %s of account %s failed", id, account);
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                LdapSyncRunEntity run = newRun(account, id, mode, dryRun, started);
                run.status = "failed";
                run.error = error;
                run.finishedAt = clock.instant();
                run.persist();
                return view(run);
            });
        }
    }

    private LdapRunResponse runInTransaction(String account, String id, SyncMode mode, boolean dryRun, Instant started) {
        Object locked = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('rolegate.ldap-sync'), hashtext(?1))")
                .setParameter(1, account).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            throw ProblemException.conflict("sync_in_progress", "An LDAP sync of this account is running; try again when it has finished.");
        }
        LdapSettings settings = configs.settings(account);
        Watermark since = mode == SyncMode.FULL ? null : lastWatermark(account);
        if (mode == SyncMode.INCREMENTAL && since == null) {
            throw ProblemException.conflict("full_sync_required",
                    "An incremental LDAP sync needs a succeeded full sync first.");
        }
        DirectoryRead read;
        try (DirectoryReader reader = ldap.open(settings, options)) {
            read = mode == SyncMode.FULL ? reader.readFull() : reader.readChanges(since);
        } catch (LdapException e) {
            throw new RunFailed(e.code() + ": " + e.getMessage());
        }
        SyncPlan plan = SyncPlanner.plan(read, states.load(account, read), PlanOptions.of(settings, ldap::dn));
        LdapSyncRunEntity run = newRun(account, id, mode, dryRun, started);
        if (plan instanceof SyncPlan.Aborted aborted) {
            run.status = "aborted";
            run.error = aborted.message();
        } else {
            SyncChanges changes = ((SyncPlan.Ready) plan).changes();
            counts(run, plan.counts());
            run.status = "succeeded";
            if (!dryRun) {
                writer.apply(account, changes, id, mode);
                run.watermark = read.highWatermark() == null ? null : write(read.highWatermark());
            }
        }
        run.finishedAt = clock.instant();
        run.persist();
        return view(run);
    }

    /** The account's runs, newest first. */
    @Transactional
    public List<LdapRunResponse> runs(String account, int limit) {
        configs.settings(account);
        return LdapSyncRunEntity.<LdapSyncRunEntity>find("accountId = ?1 order by startedAt desc, id", account)
                .page(0, limit).list().stream().map(LdapSyncService::view).toList();
    }

    /** @throws ProblemException 404 {@code run_not_found} */
    @Transactional
    public LdapRunResponse run(String account, String id) {
        LdapSyncRunEntity run = LdapSyncRunEntity.find("accountId = ?1 and id = ?2", account, id).firstResult();
        if (run == null) {
            throw ProblemException.notFound("run_not_found", "This account has no LDAP sync run '" + id + "'.");
        }
        return view(run);
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
                r.startedAt == null ? null : r.startedAt.toString(), r.finishedAt == null ? null : r.finishedAt.toString());
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
