package dev.rolegate.access.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * "What would fix it" ({@code GET .../users/{user}/fixes?operation=}): the smallest sets of role
 * assignments the calling admin may make that would let the user perform the operation.
 *
 * @param revision   the account revision the answer was computed at
 * @param subject    the user
 * @param operation  the operation
 * @param allowed    whether the user may perform it already (then there is nothing to fix)
 * @param reason     the check's reason when denied ({@code missing_permission}, {@code subject_disabled}, …)
 * @param missing    for {@code missing_permission}: the permissions the user lacks
 * @param fixes      the smallest sets, all of one size, by their role ids; each verified on the
 *                   snapshot with the assignments applied
 * @param complete   false when the search reached a bound (the result cap, or its node budget),
 *                   so other sets of that size, or a set within {@code maxRoles}, may exist
 * @param maxRoles   the largest set tried (3)
 * @param maxResults the most sets listed (20)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixesResponse(long revision, String subject, String operation, boolean allowed, String reason,
                            List<String> missing, List<Fix> fixes, boolean complete, int maxRoles, int maxResults) {

    /**
     * One fix: assign every role of {@code roles} (each as {@code PUT .../users/{user}/roles/{role}}).
     *
     * @param roles the role ids, sorted
     * @param adds  the permissions the user would hold that it does not now, sorted
     */
    public record Fix(List<String> roles, List<String> adds) {
    }
}
