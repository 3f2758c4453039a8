package dev.rolegate.ldapsync;

import dev.rolegate.ldap.SyncCounts;
import dev.rolegate.ldap.SyncMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * LDAP sync metrics (issue 7 item 2), every series registered at start:
 *
 * <ul>
 *   <li>{@code rolegate_ldap_sync_runs_total{mode, outcome}}: finished runs, dry runs included;
 *       {@code mode} {@code full}|{@code incremental}, {@code outcome}
 *       {@code succeeded}|{@code failed}|{@code aborted};</li>
 *   <li>{@code rolegate_ldap_sync_duration_seconds{mode, outcome}}: their wall time from
 *       acceptance to the final record;</li>
 *   <li>{@code rolegate_ldap_sync_changes_total{change}}: changes applied by succeeded runs, with
 *       {@code change} one of {@link #CHANGES}. A dry run applies nothing, so its planned changes
 *       are not counted here (they are on its run record).</li>
 * </ul>
 *
 * A run refused with 409 is no run; a run whose process died is counted nowhere. No account id is
 * a label. Thread-safe.
 */
@ApplicationScoped
public class LdapSyncMetrics {

    static final String RUNS = "rolegate.ldap.sync.runs";
    static final String DURATION = "rolegate.ldap.sync.duration";
    static final String CHANGES_NAME = "rolegate.ldap.sync.changes";
    static final String[] OUTCOMES = {"succeeded", "failed", "aborted"};

    /** The {@code change} label values and the count each one takes from a run. */
    static final Map<String, ToIntFunction<SyncCounts>> CHANGES = changes();

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> runs = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Counter> changes = new HashMap<>();

    @PostConstruct
    void meters() {
        for (SyncMode mode : SyncMode.values()) {
            for (String outcome : OUTCOMES) {
                String key = key(mode, outcome);
                runs.put(key, Counter.builder(RUNS).description("Finished LDAP sync runs by mode and outcome")
                        .tag("mode", wire(mode)).tag("outcome", outcome).register(registry));
                durations.put(key, Timer.builder(DURATION).description("Wall time of finished LDAP sync runs")
                        .tag("mode", wire(mode)).tag("outcome", outcome).register(registry));
            }
        }
        CHANGES.keySet().forEach(change -> changes.put(change, Counter.builder(CHANGES_NAME)
                .description("Changes applied by LDAP sync runs (dry runs excluded)").tag("change", change)
                .register(registry)));
    }

    /**
     * Counts one finished run.
     *
     * @param outcome {@code succeeded}, {@code failed} or {@code aborted}
     * @param applied the counts of the changes it applied, or null when it applied none (a dry,
     *                aborted or failed run)
     */
    public void finished(SyncMode mode, String outcome, Duration took, SyncCounts applied) {
        String key = key(mode, outcome);
        runs.get(key).increment();
        durations.get(key).record(took);
        if (applied != null) {
            CHANGES.forEach((change, count) -> changes.get(change).increment(count.applyAsInt(applied)));
        }
    }

    private static Map<String, ToIntFunction<SyncCounts>> changes() {
        Map<String, ToIntFunction<SyncCounts>> m = new LinkedHashMap<>();
        m.put("users_created", SyncCounts::usersCreated);
        m.put("users_updated", SyncCounts::usersUpdated);
        m.put("users_deprovisioned", SyncCounts::usersDeprovisioned);
        m.put("groups_created", SyncCounts::groupsCreated);
        m.put("groups_updated", SyncCounts::groupsUpdated);
        m.put("groups_removed", SyncCounts::groupsRemoved);
        m.put("assignments_added", SyncCounts::assignmentsAdded);
        m.put("assignments_removed", SyncCounts::assignmentsRemoved);
        return Map.copyOf(m);
    }

    private static String key(SyncMode mode, String outcome) {
        return wire(mode) + "/" + outcome;
    }

    private static String wire(SyncMode mode) {
        return mode.wireName();
    }
}
