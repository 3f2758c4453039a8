package dev.rolegate.change.api;

import dev.rolegate.change.Expectation;
import dev.rolegate.change.Expectations;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the optional {@value Expectation#HEADER} header of every {@code /v1} write (any method
 * but GET and HEAD) into the request, after the call was authenticated and authorized, for the
 * unit of work to hold the write to it ({@link dev.rolegate.change.UnitOfWork}). A malformed
 * value is refused with 400 {@code invalid_request} before the body is read.
 */
public class ExpectationFilter {

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public void read(ContainerRequestContext request, RoutingContext routing) {
        String value = request.getHeaderString(Expectation.HEADER);
        String method = request.getMethod();
        if (value == null || !request.getUriInfo().getPath().startsWith("/v1/")
                || method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            return;
        }
        routing.put(Expectations.KEY, Expectation.parse(value));
    }
}
