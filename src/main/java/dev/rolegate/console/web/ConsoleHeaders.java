package dev.rolegate.console.web;

import dev.rolegate.console.ConsoleSettingsService;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Security headers on every console response, errors included: a strict Content Security
 * Policy (scripts and styles only from the service itself, no inline script or style), framing
 * only by the origins the account allows ({@code frame-ancestors}, CSP Level 3 §6.4.2; none until
 * it allows some, and none on an error answer, which names no account's settings), no caching, no
 * referrer (a console link's secret never leaves in a {@code Referer}), no content sniffing.
 */
public class ConsoleHeaders {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ";

    @Inject
    ConsoleSettingsService settings;

    @ServerResponseFilter
    public void secure(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/console/")) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", POLICY + frameAncestors(request, response.getStatus()));
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("X-Content-Type-Options", "nosniff");
    }

    /** The account's framing origins (normalised, checked against CSP's grammar when stored), or {@code 'none'}. */
    private String frameAncestors(ContainerRequestContext request, int status) {
        String account = request.getUriInfo().getPathParameters().getFirst("account");
        if (status >= 400 || account == null) {
            return "'none'";
        }
        List<String> origins = settings.find(account).frameAncestors();
        return origins.isEmpty() ? "'none'" : String.join(" ", origins);
    }
}
