package dev.rolegate.change.api;

import dev.rolegate.engine.EffectiveAccess;
import java.util.List;

/**
 * A page of an impact preview (issue 13 item 6): the body of
 * {@code POST /v1/accounts/{a}/changes/preview}, and the {@code preview} member of a 409
 * {@code expectation_failed} problem.
 *
 * @param revision      the committed revision the preview was computed against
 * @param affectedUsers how many users gain or lose anything (all pages)
 * @param users         this page of them, sorted by id
 * @param nextPage      the id to pass as {@code after} for the next page; null on the last page
 */
public record ImpactResponse(long revision, int affectedUsers, List<User> users, String nextPage) {

    /** One user: what the user would gain and what the user would lose. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ImpactUser")
    public record User(String id, Access gained, Access lost) {
    }

    /** Permissions and operations, each sorted by name. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ImpactAccess")
    public record Access(List<String> permissions, List<String> operations) {
        public static Access of(EffectiveAccess access) {
            return new Access(access.permissions(), access.operations());
        }
    }
}
