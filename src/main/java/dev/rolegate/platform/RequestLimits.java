package dev.rolegate.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.platform.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits applied to every request before routing (issue 3, item 7), each answered with a problem
 * (RFC 9457) rather than the HTTP layer's bare status.
 *
 * <p><b>Paths with tricks</b>: a raw path with a dot segment ({@code .} or {@code ..}, also
 * percent-encoded), an encoded slash or backslash ({@code %2F}, {@code %5C}) or an encoded or raw
 * control character is a 400 before the HTTP layer normalises it into some other resource's path
 * (RFC 3986 §5.2.4 would turn {@code /users/..} into the account itself).
 *
 * <p><b>Bodies</b>: refuses request bodies larger than {@code rolegate.http.max-body-bytes} (default 1 MiB)
 * before reading them, with a 413 problem (RFC 9457) instead of the HTTP layer's bare 413. A
 * body without {@code Content-Length} (chunked) is still cut off by
 * {@code quarkus.http.limits.max-body-size}, set a little higher.
 */
@ApplicationScoped
public class RequestLimits {

    @ConfigProperty(name = "rolegate.http.max-body-bytes", defaultValue = "1048576")
    long maxBodyBytes;

    void register(@Observes Filters filters, ObjectMapper json) {
        filters.register(rc -> {
            String trick = pathTrick(rc.request().uri());
            if (trick != null) {
                Problem problem = Problem.of(400, "invalid_request", "Invalid request",
                        "The request path contains " + trick + ", which no Rolegate path or id may contain.",
                        List.of(new dev.rolegate.platform.problem.FieldError("#path", "must not contain " + trick)));
                end(rc, json, problem);
                return;
            }
            String length = rc.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > maxBodyBytes) {
                Problem problem = Problem.of(413, "payload_too_large", "Payload too large",
                        "The request body is " + declared + " bytes; at most " + maxBodyBytes + " are accepted.", List.of());
                rc.response().putHeader("Connection", "close");
                end(rc, json, problem);
                return;
            }
            rc.next();
        }, 1000);
    }

    private static void end(io.vertx.ext.web.RoutingContext rc, ObjectMapper json, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (Exception e) {
            body = "{\"status\":" + problem.status() + ",\"code\":\"" + problem.code() + "\"}";
        }
        rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }

    /** What is wrong with a raw request target's path, or null when nothing is. */
    static String pathTrick(String uri) {
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "a control character";
            }
            if (c == '\\') {
                return "a backslash";
            }
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return "an encoded slash or backslash";
        }
        if (CONTROL.matcher(lower).find()) {
            return "an encoded control character";
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return "a dot segment ('.' or '..')";
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("%(0[0-9a-f]|1[0-9a-f]|7f)");
}
