package dev.rolegate.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Every metric Rolegate exposes starts with {@code rolegate_}: the built-in JVM, HTTP and pool
 * meters are renamed ({@code http.server.requests} becomes
 * {@code rolegate_http_server_requests_seconds}), so one prefix selects all of a replica's series.
 */
public class MetricNames {

    static final String PREFIX = "rolegate.";

    @Produces
    @Singleton
    MeterFilter rolegatePrefix() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
            }
        };
    }
}
