package dev.rolegate.platform.problem;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.util.RuntimeResourceVisitor;

/**
 * The operations the JAX-RS layer serves, read once from the Quarkus REST deployment (the same
 * table its own development 404 page lists), so that a failed routing can say what would have
 * matched: the methods a path answers (the {@code Allow} header of a 405, RFC 9110 §15.5.6 and
 * §10.2.1) and the media types an operation reads (the detail of a 415, RFC 9110 §15.5.16).
 *
 * <p>Quarkus REST picks one resource class by path before it looks at the method, so a wrong
 * method on a path that another class serves ends as a 404; this table looks across every class.
 * Path templates match segment by segment, a {@code {name}} segment matching any one non-empty
 * segment (no Rolegate path uses a regular-expression template). Thread-safe; built on first use.
 */
final class ServedRoutes {

    /** One operation: its path template split into segments, its method and what its body may be. */
    record Route(List<String> segments, String method, List<MediaType> consumes) {

        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                String template = segments.get(i);
                boolean variable = template.startsWith("{") && template.endsWith("}");
                if (variable ? path.get(i).isEmpty() : !template.equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static volatile List<Route> routes;

    private ServedRoutes() {
    }

    /**
     * The methods served at a request path ({@code /v1/accounts/acme/roles}), in upper case and
     * sorted, with {@code HEAD} wherever {@code GET} is and {@code OPTIONS} on every served path
     * (JAX-RS answers both itself, Jakarta REST 3.1 §3.3.5); empty when no operation has this path.
     */
    static Set<String> methods(String path) {
        List<String> segments = segments(path);
        Set<String> methods = new TreeSet<>();
        for (Route route : routes()) {
            if (route.matches(segments)) {
                methods.add(route.method());
                if (route.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    /**
     * The media types the operation at {@code path} and {@code method} reads, as declared by its
     * {@code @Consumes}; {@code application/json} when it declares none (JSON is the only body
     * reader for the request records) or when no such operation exists.
     */
    static List<String> consumes(String path, String method) {
        List<String> segments = segments(path);
        for (Route route : routes()) {
            if (route.method().equals(method) && route.matches(segments)) {
                List<String> types = new ArrayList<>();
                for (MediaType type : route.consumes()) {
                    if (!type.isWildcardType()) {
                        types.add(type.getType() + "/" + type.getSubtype());
                    }
                }
                return types.isEmpty() ? List.of(MediaType.APPLICATION_JSON) : List.copyOf(types);
            }
        }
        return List.of(MediaType.APPLICATION_JSON);
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }

    private static List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
            if (deployment == null) {
                return List.of(); // not started: nothing is served yet, a 404 is then the truth
            }
            List<Route> read = new ArrayList<>();
            RuntimeResourceVisitor.visitRuntimeResources("/", deployment.getClassMappers(), new RuntimeResourceVisitor() {
                @Override
                public void visitRuntimeResource(String httpMethod, String fullPath, RuntimeResource resource) {
                    if (httpMethod != null) {
                        read.add(new Route(segments(fullPath), httpMethod.toUpperCase(Locale.ROOT),
                                resource.getConsumes() == null ? List.of() : List.copyOf(resource.getConsumes())));
                    }
                }
            });
            known = List.copyOf(read);
            routes = known;
        }
        return known;
    }
}
