package dev.rolegate.token;

import dev.rolegate.platform.Attribution;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who the current request's caller is, as {@link CallerFilter} authenticated it, and who the
 * unit of work names for the changes it makes. Reads the request only; decides nothing (the
 * admin API's authorization is {@code admin.AdminGuard}'s).
 */
@ApplicationScoped
public class CallerContext {

    @Inject
    CurrentVertxRequest request;

    /**
     * The caller of the current request, as {@link CallerFilter} authenticated it (never blocks);
     * 401 if there is none.
     */
    public Caller caller() {
        return currentCaller().orElseThrow(() -> ProblemException.unauthenticated("A bearer token is required."));
    }

    /**
     * The caller of the current request, or empty outside an authenticated {@code /v1} request
     * (an identity source's login, a scheduled sync): who the audit log names as actor.
     */
    public java.util.Optional<Caller> currentCaller() {
        try {
            Object caller = request.getCurrent() == null ? null : request.getCurrent().get(CallerFilter.CALLER);
            return caller instanceof Caller c ? java.util.Optional.of(c) : java.util.Optional.empty();
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Who the current request's changes are made by, for the unit of work: the caller's subject
     * ({@value dev.rolegate.platform.Attribution#SYSTEM} without one, e.g. at a SAML ACS) and the
     * request's id (null outside a request).
     */
    public Attribution attribution() {
        Object requestId = org.jboss.logging.MDC.get("requestId");
        return new Attribution(currentCaller().map(Caller::subject).orElse(Attribution.SYSTEM),
                requestId == null ? null : requestId.toString());
    }
}
