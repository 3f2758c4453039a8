package dev.rolegate.client;

import java.util.List;

/**
 * A call to Rolegate that did not succeed: either an HTTP answer other than 2xx, carrying the
 * RFC 9457 problem details the service sends ({@code application/problem+json}, see the
 * service's {@code docs/errors.md}), or no answer at all (I/O error, timeout, interruption),
 * then {@link #status()} is 0 and the cause is set.
 *
 * <p>A denied check is not an error: it is a {@link CheckResult} with {@code allowed() == false}.
 * Immutable and thread-safe.
 */
public class RolegateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String code;
    private final List<FieldError> errors;
    private final int attempts;

    /**
     * An HTTP answer that is not a success.
     *
     * @param status   the HTTP status code
     * @param type     the problem type URI ({@code urn:rolegate:problem:<code>}), or null
     * @param title    the problem title, or null
     * @param detail   what went wrong, for a person, or null
     * @param code     the stable snake_case problem code, or null when the answer had no problem body
     * @param errors   per-field errors of an {@code invalid_request}; null means none
     * @param attempts how many attempts were made (more than 1 after retries on 503)
     */
    public RolegateException(int status, String type, String title, String detail, String code,
                             List<FieldError> errors, int attempts) {
        super(message(status, code, detail));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.attempts = attempts;
    }

    /** No HTTP answer arrived: {@code status()} is 0, {@code cause} says why. */
    public RolegateException(String message, Throwable cause, int attempts) {
        super(message, cause);
        this.status = 0;
        this.type = null;
        this.title = null;
        this.detail = message;
        this.code = null;
        this.errors = List.of();
        this.attempts = attempts;
    }

    private static String message(int status, String code, String detail) {
        return "HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail);
    }

    /** The HTTP status code, or 0 when no answer arrived (I/O error, timeout, interruption). */
    public int status() {
        return status;
    }

    /** The problem type URI, e.g. {@code urn:rolegate:problem:forbidden}; null without a problem body. */
    public String type() {
        return type;
    }

    /** The short summary of the problem type; null without a problem body. */
    public String title() {
        return title;
    }

    /** What went wrong this time, for a person (may change between versions); may be null. */
    public String detail() {
        return detail;
    }

    /**
     * The stable problem code, e.g. {@code invalid_request}, {@code forbidden},
     * {@code revision_unavailable}, {@code invalid_sso_code}; null without a problem body.
     */
    public String code() {
        return code;
    }

    /** For {@code invalid_request}: one entry per invalid field; otherwise empty. */
    public List<FieldError> errors() {
        return errors;
    }

    /** How many HTTP attempts were made before giving up (1 unless 503s were retried). */
    public int attempts() {
        return attempts;
    }

    /** True for a 503: the service could not answer now, and the same call may succeed later. */
    public boolean isRetryable() {
        return status == 503;
    }

    /**
     * One invalid field of a request.
     */
    public static final class FieldError {

        private final String pointer;
        private final String message;

        /**
         * @param pointer RFC 6901 JSON pointer into the request body ({@code /checks/2/subject}),
         *                or {@code #name} for a path or query parameter
         * @param message what is wrong with it
         */
        public FieldError(String pointer, String message) {
            this.pointer = pointer;
            this.message = message;
        }

        public String pointer() {
            return pointer;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return pointer + ": " + message;
        }
    }
}
