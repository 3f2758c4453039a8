package dev.rolegate.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to an RFC 9457 problem (RFC 9457 §3). Unknown exceptions become a generic
 * 500 whose detail reveals nothing; the cause goes to the log with the request id.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Builds the response for a problem; the one place that sets the problem media type. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = response(e.problem());
        if (e.retryAfter().isEmpty()) {
            return response;
        }
        // whole seconds, rounded up: 0 would invite an immediate retry
        long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
        return Response.fromResponse(response).header("Retry-After", seconds).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return response(Problem.of(400, "malformed_json", "Malformed JSON",
                "The request body is not valid JSON (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ").", List.of()));
    }

    /** Declared for this type so it wins over the JSON reader's own mapper. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return badJson(e);
    }

    /**
     * A body of the wrong shape: a field of the wrong JSON type (never coerced, see
     * {@code platform.StrictJson}), an unknown field, a value out of range; {@code errors[0].pointer}
     * is the RFC 6901 pointer to the field.
     */
    @ServerExceptionMapper
    public Response badJson(JsonMappingException e) {
        return shapeProblem(pointer(e.getPath()), e instanceof UnrecognizedPropertyException
                ? "is not a field of this request" : expected(e));
    }

    private static Response shapeProblem(String pointer, String message) {
        String detail = pointer.isEmpty()
                ? "The request body does not have the expected shape: it " + message + "."
                : "The field " + pointer + " " + message + ".";
        return response(Problem.of(400, "invalid_request", "Invalid request", detail,
                List.of(new FieldError(pointer.isEmpty() ? "/" : pointer, message))));
    }

    /** What JSON the failed field wanted, in JSON's words (never a Java class name). */
    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "must be " + expectedJson(m.getTargetType());
        }
        // a number beyond its field's range (an integer beyond 64 bits): the parser refuses it
        if (e.getCause() instanceof InputCoercionException range && range.getTargetType() != null) {
            return "is out of range for " + expectedJson(range.getTargetType());
        }
        return "has the wrong type";
    }

    private static String expectedJson(Class<?> type) {
        if (type == String.class || type == CharSequence.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 date-time string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return response(Problem.of(400, "malformed_json", "Malformed JSON",
                "The request body is not valid JSON.", List.of()));
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(pointer(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::pointer));
        String detail = errors.size() == 1
                ? errors.get(0).pointer() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid.";
        return response(Problem.of(400, "invalid_request", "Invalid request", detail, errors));
    }

    /**
     * Declared for this type so it wins over the dev/test-mode endpoint listing. Quarkus REST
     * answers 404 for three different things, told apart here: a path or query parameter that did
     * not convert (the cause: {@code platform.StrictParams} names the parameter; 400), a path that
     * is served but not with this method (405 with {@code Allow}, RFC 9110 §15.5.6; Quarkus REST
     * chooses the resource class by path before the method, so it cannot tell), and no such path.
     */
    @ServerExceptionMapper
    public Response notFound(jakarta.ws.rs.NotFoundException e, HttpServerRequest request) {
        if (e.getCause() instanceof ProblemException problem) {
            return response(problem.problem());
        }
        if (e.getCause() != null) {
            return response(Problem.of(400, "invalid_request", "Invalid request",
                    "A path or query parameter has the wrong type.", List.of()));
        }
        Set<String> allowed = ServedRoutes.methods(request.path());
        if (!allowed.isEmpty() && request.method().name().equals("OPTIONS")) {
            // what Quarkus REST answers itself when the path's class was the one it chose
            return Response.ok().header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
        }
        if (!allowed.isEmpty() && !allowed.contains(request.method().name())) {
            return methodNotAllowed(request.method().name(), allowed);
        }
        return response(Problem.of(404, "not_found", "Not Found", "No such resource.", List.of()));
    }

    /** 405 {@code method_not_allowed} with the {@code Allow} header (RFC 9110 §15.5.6, §10.2.1). */
    private static Response methodNotAllowed(String method, Set<String> allowed) {
        String allow = String.join(", ", allowed);
        return Response.fromResponse(response(Problem.of(405, "method_not_allowed", "Method Not Allowed",
                method + " is not served at this path; it answers " + allow + ".", List.of())))
                .header(HttpHeaders.ALLOW, allow).build();
    }

    /** 415 naming the media types the operation reads (RFC 9110 §15.5.16). */
    @ServerExceptionMapper
    public Response unsupportedMediaType(jakarta.ws.rs.NotSupportedException e, HttpServerRequest request) {
        List<String> expected = ServedRoutes.consumes(request.path(), request.method().name());
        return response(Problem.of(415, "unsupported_media_type", "Unsupported Media Type",
                "The request body must be " + String.join(" or ", expected) + sent(request.getHeader(HttpHeaders.CONTENT_TYPE)) + ".",
                List.of()));
    }

    /** What the request said its body is, as type/subtype only (tokens: nothing else is echoed). */
    private static String sent(String contentType) {
        if (contentType == null) {
            return "; the request has no Content-Type";
        }
        try {
            jakarta.ws.rs.core.MediaType type = jakarta.ws.rs.core.MediaType.valueOf(contentType);
            return ", not " + type.getType() + "/" + type.getSubtype();
        } catch (IllegalArgumentException e) {
            return "; the request's Content-Type is not a media type";
        }
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        // a header parameter that StrictParams refused
        if (e.getCause() instanceof ProblemException problem) {
            return response(problem.problem());
        }
        // the JSON reader wraps parse failures in a plain 400
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return badJson(mapping);
        }
        if (status >= 500) {
            return unexpected(e);
        }
        if (status == 405) {
            Set<String> allowed = ServedRoutes.methods(request.path());
            return methodNotAllowed(request.method().name(), allowed.isEmpty() ? e.getResponse().getAllowedMethods() : allowed);
        }
        String code = switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = status == 404 ? "No such resource." : title + ".";
        return response(Problem.of(status, code, title, detail, List.of()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        Object requestId = MDC.get("requestId");
        if (dev.rolegate.platform.DatabaseFailures.unreachable(e)) {
            LOG.warnf("database unreachable (request %s): %s", requestId, e.getMessage());
            return response(Problem.of(503, "database_unavailable", "Service unavailable",
                    "The database cannot be reached; nothing was changed. Try again.", List.of()));
        }
        if (concurrentWriteConflict(e)) {
            LOG.infof("concurrent write conflict (request %s): %s", requestId, e.getMessage());
            return response(Problem.of(409, "write_conflict", "Conflict",
                    "A concurrent change to the same data won; nothing was changed. Read it again and retry.", List.of()));
        }
        LOG.errorf(e, "unexpected failure (request %s)", requestId);
        return response(Problem.of(500, "internal_error", "Internal error",
                "Something went wrong on our side. Request id: " + requestId + ".", List.of()));
    }

    /**
     * Lost races between writers that the account lock does not already serialise: a unique
     * violation (SQLState 23505), a serialization failure (40001) or deadlock (40P01), or a JPA
     * optimistic-lock failure, anywhere in the cause chain.
     */
    static boolean concurrentWriteConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("23505") || sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            sb.append('/');
            // RFC 6901 §3: "~" and "/" inside a member name are escaped ("cn=a/b" → "cn=a~1b")
            sb.append(ref.getFieldName() != null ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                    : String.valueOf(ref.getIndex()));
        }
        return sb.toString();
    }

    /** {@code put.body.operations[2]} → {@code /operations/2}: drops the method and parameter. */
    private static String pointer(Path path) {
        StringBuilder sb = new StringBuilder();
        Iterator<Path.Node> nodes = path.iterator();
        int index = 0;
        while (nodes.hasNext()) {
            Path.Node node = nodes.next();
            if (index++ < 2 && (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER)) {
                if (node.getKind() == jakarta.validation.ElementKind.PARAMETER && !nodes.hasNext()) {
                    sb.append('#').append(node.getName());
                }
                continue;
            }
            if (node.getIndex() != null) {
                sb.append('/').append(node.getIndex());
            }
            if (node.getName() != null) {
                sb.append('/').append(node.getName());
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
