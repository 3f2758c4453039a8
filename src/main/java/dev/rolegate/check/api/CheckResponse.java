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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResponse(boolean allowed, Long revision, String reason, List<String> missing, List<List<PathStep>> explain) {

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
}
