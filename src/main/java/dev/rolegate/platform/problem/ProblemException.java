package dev.rolegate.platform.problem;

import java.util.List;

/**
 * A failure that the caller caused or must know about, carried to {@link ProblemMappers}
 * and sent as {@code application/problem+json}. Thrown by services and resources alike;
 * throwing it inside a transaction rolls the transaction back, so nothing half-written stays.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
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
}
