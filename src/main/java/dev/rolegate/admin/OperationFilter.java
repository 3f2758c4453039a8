package dev.rolegate.admin;

import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.Caller;
import dev.rolegate.token.CallerFilter;
import dev.rolegate.token.CheckOperation;
import dev.rolegate.token.Declaration;
import dev.rolegate.token.PlatformOperation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authorizes every {@code /v1} request, and every console request made in a console session,
 * against the {@link Declaration} of the resource method it matched ({@link AdminOperation},
 * {@link CheckOperation}, {@link PlatformOperation}), after {@link CallerFilter} (or the
 * console's session filter) authenticated it and before the method (or its body) is read. A
 * method without a declaration is refused with 403 for every caller: fail closed. The account
 * is the path parameter {@code {account}}. Declarations are read once per method and kept.
 */
public class OperationFilter {

    private final ConcurrentHashMap<Method, Optional<Declaration>> declarations = new ConcurrentHashMap<>();

    @Inject
    AdminGuard guard;

    /**
     * @throws dev.rolegate.platform.problem.ProblemException 401, 403 or 404 as
     *         {@link AdminGuard#authorize(Declaration, String, Caller, java.util.function.Supplier, java.time.Instant)} says
     */
    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void authorize(ContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!CallerFilter.guards(path) && !CallerFilter.consoleSession(path)) {
            return;
        }
        Method method = resource.getResourceMethod();
        Declaration declared = method == null ? null : declarations.computeIfAbsent(method, Declaration::of).orElse(null);
        guard.authorize(declared, request.getUriInfo().getPathParameters().getFirst("account"));
    }
}
