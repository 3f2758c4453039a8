package dev.rolegate.check.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The decision of one check.
 *
 * @param allowed  the decision
 * @param revision the account revision the decision was computed at (null inside a batch)
 * @param reason   for a denial: {@code unknown_account}, {@code unknown_subject},
 *                 {@code subject_disabled}, {@code unknown_operation}, {@code unknown_permission},
 *                 {@code missing_permission}; omitted when allowed
 * @param missing  for {@code missing_permission}: the required permissions not held
 * @param explain  when asked: one path per required permission held, each a list of steps
 * @param why      when asked ({@code "explain": true}) and denied: why, for people; omitted otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResponse(boolean allowed, Long revision, String reason, List<String> missing, List<List<PathStep>> explain,
                            Why why) {

    public CheckResponse(boolean allowed, Long revision, String reason, List<String> missing, List<List<PathStep>> explain) {
        this(allowed, revision, reason, missing, explain, null);
    }

    /**
     * One step of an explanation path.
     *
     * @param kind   {@code user}, {@code group}, {@code role}, {@code inherited_role}, {@code permission}, {@code operation}
     * @param name   the name or id
     * @param source for the first role step: the assignment's source
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PathStep(String kind, String name, String source) {
    }

    /**
     * Why a check is denied (issue 13 item 4).
     *
     * @param reason  the denial's reason, as {@code reason} above
     * @param detail  one sentence for a person, e.g. "User 'bob' lacks billing.view, which role finance carries."
     * @param subject the subject and its status: {@code active}, {@code disabled}, or {@code unknown}
     *                (no such user); omitted for {@code unknown_account}
     * @param unknown for {@code unknown_operation} / {@code unknown_permission}: the name the catalog lacks
     * @param missing for {@code missing_permission}: each missing permission, sorted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Why(String reason, String detail, Subject subject, Unknown unknown, List<Missing> missing) {
    }

    /** The checked subject: {@code id} and {@code status} ({@code active}, {@code disabled}, {@code unknown}). */
    public record Subject(String id, String status) {
    }

    /** A name the account does not know: {@code kind} {@code operation} or {@code permission}, and the name. */
    public record Unknown(String kind, String name) {
    }

    /**
     * A permission the subject lacks.
     *
     * @param permission the permission
     * @param grantedBy  every role of the account that carries it (own grants or inherited), sorted
     * @param notInForce the subject's own paths to it whose assignment is not in force now
     *                   (expired, or not yet valid): steps as in {@code GET .../users/{u}/access},
     *                   the role step with its {@code validFrom}/{@code expiresAt}
     */
    public record Missing(String permission, List<String> grantedBy, List<List<AccessStep>> notInForce) {
    }
}
