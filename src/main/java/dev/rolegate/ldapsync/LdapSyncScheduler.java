package dev.rolegate.ldapsync;

import dev.rolegate.ldap.SyncMode;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Scheduled LDAP sync runs (issue 6 item 2): every {@code rolegate.ldap.scheduler-tick} it starts
 * a run for each account whose settings carry a {@code schedule} and whose last run (of any
 * trigger or outcome) started longer ago than that. The run is incremental when an applied full
 * run succeeded within {@code rolegate.ldap.full-sync-interval}, else full (only a full run
 * deprovisions). Runs go to the bounded {@link LdapSyncExecutor}, so a slow directory delays no
 * other account; a run that another replica holds is skipped quietly (409), and any other refusal
 * is logged with the account id and problem code only, never a setting or secret.
 */
@ApplicationScoped
public class LdapSyncScheduler {

    private static final Logger LOG = Logger.getLogger(LdapSyncScheduler.class);

    @Inject
    LdapConfigService configs;

    @Inject
    LdapSyncService syncs;

    @Inject
    LdapSyncConfig config;

    @Inject
    Clock clock;

    @Scheduled(identity = "ldap-sync", every = "${rolegate.ldap.scheduler-tick:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        startDue();
    }

    /** Starts the runs that are due now. @return how many it started */
    public int startDue() {
        Instant now = clock.instant();
        int started = 0;
        Map<String, Duration> schedules;
        try {
            schedules = configs.schedules();
        } catch (RuntimeException e) {
            // the database is away: the next tick tries again
            LOG.debugf("LDAP schedules not read: %s", e.getClass().getSimpleName());
            return 0;
        }
        for (Map.Entry<String, Duration> e : schedules.entrySet()) {
            String account = e.getKey();
            try {
                LdapSyncService.ScheduleState state = syncs.scheduleState(account);
                if (state.lastStart().isPresent() && state.lastStart().get().plus(e.getValue()).isAfter(now)) {
                    continue;
                }
                boolean recentFull = state.lastAppliedFull().isPresent()
                        && !state.lastAppliedFull().get().plus(config.fullSyncInterval()).isBefore(now);
                SyncMode mode = recentFull ? SyncMode.INCREMENTAL : SyncMode.FULL;
                syncs.start(account, mode, false, LdapSyncService.Trigger.SCHEDULED, null);
                started++;
            } catch (ProblemException p) {
                if (p.problem().status() == 409) {
                    LOG.debugf("scheduled LDAP sync of account %s skipped: %s", account, p.problem().code());
                } else {
                    LOG.warnf("scheduled LDAP sync of account %s not started: %s", account, p.problem().code());
                }
            } catch (RuntimeException x) {
                LOG.warnf("scheduled LDAP sync of account %s not started: %s", account, x.getClass().getSimpleName());
            }
        }
        return started;
    }
}
