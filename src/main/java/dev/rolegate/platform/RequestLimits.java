package dev.rolegate.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.platform.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
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
 * <p><b>Bodies</b>: refuses request bodies larger than {@code rolegate.http.max-body-bytes} (default
 * 1 MiB) with a 413 problem (RFC 9457) instead of the HTTP layer's bare 413, and closes the
 * connection (RFC 9110 §15.5.14). A declared {@code Content-Length} above the limit is refused
 * before anything is read; a body sent without one ({@code Transfer-Encoding: chunked}, RFC 9112
 * §7.1) is read here, by Vert.x's body handler, up to the limit, and refused as soon as it passes
 * it, so the resources see a complete body of at most the limit. {@code
 * quarkus.http.limits.max-body-size}, set a little higher, stays as the HTTP layer's backstop.
 */
@jakarta.inject.Singleton
public class RequestLimits {

    private final long maxBodyBytes;

    /** Reads a chunked body into memory, at most {@code maxBodyBytes}; no file uploads. */
    private final BodyHandler chunkedBodies;

    RequestLimits(@ConfigProperty(name = "rolegate.http.max-body-bytes", defaultValue = "1048576") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

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
                tooLarge(rc, json, "The request body is " + declared + " bytes; at most " + maxBodyBytes + " are accepted.");
                return;
            }
            if (length == null && rc.request().headers().contains("Transfer-Encoding")) {
                if ("100-continue".equalsIgnoreCase(rc.request().getHeader("Expect"))) {
                    rc.response().writeContinue();
                }
                chunkedBodies.handle(rc); // reads the body, then rc.next(); past the limit: rc.fail(413)
                return;
            }
            rc.next();
        }, 1000);
    }

    /** Answers the body handler's failure for a chunked body past the limit. */
    void registerFailures(@Observes Router router, ObjectMapper json) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.statusCode() == 413 && rc.failure() == null && !rc.response().headWritten()) {
                tooLarge(rc, json, "The request body is larger than " + maxBodyBytes + " bytes, the most that is accepted.");
            } else {
                rc.next();
            }
        });
    }

    private static void tooLarge(RoutingContext rc, ObjectMapper json, String detail) {
        // the client may still be sending: answer, then close (RFC 9110 §15.5.14)
        rc.response().putHeader("Connection", "close");
        end(rc, json, Problem.of(413, "payload_too_large", "Payload too large", detail, List.of()));
    }

    private static void end(RoutingContext rc, ObjectMapper json, Problem problem) {
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
