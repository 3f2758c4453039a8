package dev.rolegate.ldapsync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of LDAP sync runs, prefix {@code rolegate.ldap}. */
@ConfigMapping(prefix = "rolegate.ldap")
public interface LdapSyncConfig {

    /**
     * How often the scheduler looks for accounts whose {@code schedule} is due (a Quarkus
     * {@code every} value such as {@code 30s}; {@code off} switches scheduled runs off on this
     * replica). Default 30 s.
     */
    @WithDefault("30s")
    String schedulerTick();

    /**
     * A scheduled run is incremental only when a full run of the account succeeded (and was
     * applied) within this interval, otherwise full: incremental runs cannot deprovision, so
     * this bounds how long a leaver keeps access. Default 1 h.
     */
    @WithDefault("PT1H")
    Duration fullSyncInterval();

    /** Runs executing at once on this replica (all accounts together). Default 4. */
    @WithDefault("4")
    int syncThreads();

    /**
     * Accepted runs waiting for a thread on this replica; beyond it a run is refused with 503
     * {@code sync_capacity_exhausted}. Default 32.
     */
    @WithDefault("32")
    int syncQueue();
}
