package dev.rolegate.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a short token, else 16
 * random hex digits. It goes into the log context ({@code requestId}) and back in the response header.
 */
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        // not a secret, so no SecureRandom (UUID.randomUUID) on the check path: 64 random bits in hex
        String id = given != null && SAFE.matcher(given).matches() ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        request.setProperty(HEADER, id);
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(HEADER);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
