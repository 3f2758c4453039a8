package dev.rolegate.ldap;

import java.time.Duration;
import java.util.Objects;

/**
 * Service-wide knobs of LDAP connections (from configuration, not per account: the service reads
 * {@code rolegate.ldap.connect-timeout} and {@code rolegate.ldap.response-timeout}).
 *
 * @param connectTimeout      TCP connect (and TLS handshake) limit; default 5 s
 * @param responseTimeout     limit for any single LDAP response (one page, one bind); default 30 s
 * @param maxConnections      connections in one account's pool, ≥ 1; default 4
 * @param healthCheckInterval how often idle pooled connections are checked by reading the rootDSE
 *                            and dropped when broken; default 60 s
 */
public record LdapClientOptions(Duration connectTimeout, Duration responseTimeout, int maxConnections,
                                Duration healthCheckInterval) {

    public LdapClientOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        requirePositive(healthCheckInterval, "healthCheckInterval");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    /** 5 s, 30 s, 4 connections, 60 s. */
    public static LdapClientOptions defaults() {
        return new LdapClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofSeconds(60));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
