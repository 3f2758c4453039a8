package dev.rolegate.ldapsync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of LDAP connections and sync runs, prefix {@code rolegate.ldap}. */
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

    /**
     * The hosts an account's LDAP {@code url} may name (comma-separated patterns of
     * {@link dev.rolegate.platform.AllowedHosts}: {@code ldap.example.com}, {@code *.corp.example},
     * {@code 10.0.0.5}); a settings write or test naming another is refused with 422
     * {@code ldap_host_not_allowed}, and stored settings naming one are neither tested nor synced.
     * Unset: any host.
     */
    Optional<List<String>> allowedHosts();

    /** Limit for the TCP connect and the TLS handshake of an LDAP connection. Default 5 s. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Limit for any single LDAP response (one bind, one page of a search). Default 30 s. */
    @WithDefault("30s")
    Duration responseTimeout();
}
