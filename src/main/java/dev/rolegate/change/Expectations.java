package dev.rolegate.change;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The {@link Expectation} of the current request, as {@code change.api.ExpectationFilter} read
 * it from the {@value Expectation#HEADER} header; empty outside a request (a scheduled LDAP sync)
 * or without the header.
 */
@ApplicationScoped
public class Expectations {

    /** Routing-context key under which the filter keeps the request's expectation. */
    public static final String KEY = Expectation.class.getName();

    @Inject
    CurrentVertxRequest request;

    /** The current request's expectation, if it states one. */
    public Optional<Expectation> current() {
        try {
            Object value = request.getCurrent() == null ? null : request.getCurrent().get(KEY);
            return value instanceof Expectation e ? Optional.of(e) : Optional.empty();
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }
}
