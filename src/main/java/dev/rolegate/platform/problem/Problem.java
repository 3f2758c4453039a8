package dev.rolegate.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The RFC 9457 problem details object, as sent on the wire with media type
 * {@code application/problem+json}.
 *
 * @param type   a URI naming the problem type: {@code urn:rolegate:problem:<code>}
 * @param title  a short summary of the type (same for every occurrence)
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a person; never an exception class or stack
 * @param code   the stable snake_case code (docs/errors.md lists every one)
 * @param errors per-field errors; omitted when empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors,
                      @com.fasterxml.jackson.annotation.JsonIgnore java.util.Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        members = members == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
    }

    public Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {
        this(type, title, status, detail, code, errors, null);
    }

    /**
     * Extension members of this problem type (RFC 9457 §3.2), written beside the standard ones,
     * e.g. {@code oldest} and {@code head} of {@code changes_expired}; null values are written as null.
     */
    @com.fasterxml.jackson.annotation.JsonAnyGetter
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public java.util.Map<String, Object> extensionMembers() {
        return members;
    }

    /** Builds a problem whose type URI derives from {@code code}. */
    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem("urn:rolegate:problem:" + code, title, status, detail, code, errors);
    }
}
