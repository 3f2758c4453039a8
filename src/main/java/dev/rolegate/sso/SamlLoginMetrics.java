package dev.rolegate.sso;

import dev.rolegate.sso.saml.SamlFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code rolegate_saml_logins_total} by {@code outcome} ({@code accepted}, {@code invalid}: the
 * SAMLResponse failed validation, {@code refused}: valid, but the account lets nobody in with it)
 * and {@code reason} (the typed {@link SamlFailure} or {@link SsoLoginRefused.Reason} code,
 * {@code none} when accepted), and {@code busy} / {@code saml_busy}: refused unread because the
 * account had its {@link SsoConfig#maxConcurrentValidations()} in flight ({@link AcsAdmission}). Both enums are bounded; no account or user id is a label.
 */
@ApplicationScoped
public class SamlLoginMetrics {

    static final String NAME = "rolegate.saml.logins";

    @Inject
    MeterRegistry registry;

    private Counter accepted;
    private Counter busy;
    private final Map<SamlFailure, Counter> invalid = new EnumMap<>(SamlFailure.class);
    private final Map<SsoLoginRefused.Reason, Counter> refused = new EnumMap<>(SsoLoginRefused.Reason.class);

    @PostConstruct
    void meters() {
        accepted = counter("accepted", "none");
        busy = counter("busy", "saml_busy");
        for (SamlFailure f : SamlFailure.values()) {
            invalid.put(f, counter("invalid", f.code()));
        }
        for (SsoLoginRefused.Reason r : SsoLoginRefused.Reason.values()) {
            refused.put(r, counter("refused", r.code()));
        }
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder(NAME)
                .description("SAML logins at the ACS by outcome and typed reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    public void accepted() {
        accepted.increment();
    }

    public void invalid(SamlFailure reason) {
        invalid.get(reason).increment();
    }

    public void busy() {
        busy.increment();
    }

    public void refused(SsoLoginRefused.Reason reason) {
        refused.get(reason).increment();
    }
}
