package dev.rolegate.platform.problem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failure that the caller caused or must know about, carried to {@link ProblemMappers}
 * and sent as {@code application/problem+json}. Thrown by services and resources alike;
 * throwing it inside a transaction rolls the transaction back, so nothing half-written stays.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Duration retryAfter) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** When the caller may try again: sent as {@code Retry-After} in whole seconds (RFC 9110 §10.2.3). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 400 {@code invalid_request} with the fields that are wrong. */
    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(400, "invalid_request", "Invalid request", detail, errors));
    }

    /** 400 {@code invalid_request} for one field. */
    public static ProblemException invalid(String pointer, String message) {
        return invalid(message, List.of(new FieldError(pointer, message)));
    }

    /** 401 {@code unauthenticated}. */
    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(Problem.of(401, "unauthenticated", "Authentication required", detail, List.of()));
    }

    /** 403 {@code forbidden}. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail, List.of()));
    }

    /**
     * 403 {@code forbidden} with extension members (RFC 9457 §3.2), e.g. the {@code reason} of a
     * refused assignment ({@code exceeds_caller}).
     */
    public static ProblemException forbidden(String detail, java.util.Map<String, Object> members) {
        return new ProblemException(new Problem("urn:rolegate:problem:forbidden", "Forbidden", 403, detail, "forbidden",
                List.of(), members));
    }

    /**
     * 409 with a specific code and extension members (RFC 9457 §3.2), e.g. the {@code reason} of
     * a refused assignment.
     */
    public static ProblemException conflict(String code, String detail, java.util.Map<String, Object> members) {
        return new ProblemException(new Problem("urn:rolegate:problem:" + code, "Conflict", 409, detail, code, List.of(), members));
    }

    /** 403 with a specific code such as {@code reserved_permission}: no caller may do this. */
    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(Problem.of(403, code, "Forbidden", detail, List.of()));
    }

    /** 404 with a specific code such as {@code role_not_found}. */
    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, code, "Not found", detail, List.of()));
    }

    /**
     * 404 {@code account_not_found}: the detail names only the id the caller sent, nothing about
     * any other account.
     */
    public static ProblemException accountNotFound(String account) {
        return notFound("account_not_found", "No account '" + account + "'.");
    }

    /** 409 with a specific code such as {@code role_in_use}. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Problem.of(409, code, "Conflict", detail, List.of()));
    }

    /**
     * 410 with a specific code such as {@code changes_expired}: what was asked for existed and is
     * gone for good; {@code members} (extension members, RFC 9457 §3.2) say what to do instead.
     */
    public static ProblemException gone(String code, String detail, java.util.Map<String, Object> members) {
        return new ProblemException(new Problem("urn:rolegate:problem:" + code, "Gone", 410, detail, code, List.of(), members));
    }

    /** 412 {@code precondition_failed}: an {@code If-Match} did not match (RFC 9110 §13.1.1). */
    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(Problem.of(412, "precondition_failed", "Precondition failed", detail, List.of()));
    }

    /** 413 {@code payload_too_large}. */
    public static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large", detail, List.of()));
    }

    /** 422 with a specific code: the request is well-formed but names something it cannot use. */
    public static ProblemException unprocessable(String code, String detail) {
        return unprocessable(code, detail, List.of());
    }

    /** 422 with a specific code and the fields it concerns. */
    public static ProblemException unprocessable(String code, String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(422, code, "Unprocessable request", detail, errors));
    }

    /** 503 with a specific code: try again later. */
    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(Problem.of(503, code, "Service unavailable", detail, List.of()));
    }

    /**
     * 503 with a specific code and a {@code Retry-After} header (RFC 9110 §10.2.3): a capacity
     * limit was reached and the same request may succeed after {@code retryAfter} (at least 1 s).
     */
    public static ProblemException unavailable(String code, String detail, Duration retryAfter) {
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
        return new ProblemException(Problem.of(503, code, "Service unavailable", detail, List.of()), retryAfter);
    }
}
