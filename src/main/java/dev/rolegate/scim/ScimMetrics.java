package dev.rolegate.scim;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The SCIM service provider's counters, by resource ({@code User}, {@code Group},
 * {@code discovery}):
 * <ul>
 *   <li>{@code rolegate_scim_requests_total{resource,method,outcome}}: every answered request,
 *       {@code outcome} {@code ok} or the failure's {@code scimType} (or its status, e.g. {@code 401});</li>
 *   <li>{@code rolegate_scim_errors_total{resource,scim_type}}: the refused ones;</li>
 *   <li>{@code rolegate_scim_ignored_attributes_total{resource}}: attributes a client sent that
 *       Rolegate does not keep (ignored, never a reason to refuse).</li>
 * </ul>
 */
@ApplicationScoped
public class ScimMetrics {

    @Inject
    MeterRegistry registry;

    /** Counts an answered request. */
    public void answered(String resource, String method) {
        requests(resource, method, "ok").increment();
    }

    /** Counts a refused request, under its {@code scimType} or, without one, its status. */
    public void refused(String resource, String method, ScimFailure failure) {
        String outcome = failure.scimType() != null ? failure.scimType() : Integer.toString(failure.status());
        requests(resource, method, outcome).increment();
        Counter.builder("rolegate.scim.errors").description("SCIM requests refused, by resource and scimType (or status)")
                .tag("resource", resource).tag("scim_type", outcome).register(registry).increment();
    }

    /** Counts {@code count} attributes of a {@code resource} that were sent but are not kept. */
    public void ignored(String resource, int count) {
        if (count > 0) {
            Counter.builder("rolegate.scim.ignored.attributes").description("SCIM attributes sent but not kept, ignored")
                    .tag("resource", resource).register(registry).increment(count);
        }
    }

    private Counter requests(String resource, String method, String outcome) {
        return Counter.builder("rolegate.scim.requests").description("SCIM requests answered, by resource, method and outcome")
                .tag("resource", resource).tag("method", method).tag("outcome", outcome).register(registry);
    }
}
