package dev.rolegate.change;

import dev.rolegate.change.api.ImpactResponse;
import dev.rolegate.engine.AccessDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who would gain and who would lose what through a pending change of an account (issue 13 item 6):
 * the engine's {@link AccessDiff} of the account as committed and as the change leaves it.
 *
 * @param revision the committed revision the change was computed against
 * @param users    every user whose access differs, sorted by id
 */
public record Impact(long revision, List<AccessDiff.Change> users) {

    public Impact {
        users = List.copyOf(Objects.requireNonNull(users, "users"));
    }

    /**
     * One page of the wire shape: the users after {@code after} (null: from the first), at most
     * {@code limit} of them, and the id to pass as {@code after} for the next page (null on the last).
     */
    public ImpactResponse page(String after, int limit) {
        List<ImpactResponse.User> page = new ArrayList<>(Math.min(limit, users.size()));
        String next = null;
        for (AccessDiff.Change c : users) {
            if (after != null && c.user().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                next = page.get(page.size() - 1).id();
                break;
            }
            page.add(new ImpactResponse.User(c.user(), ImpactResponse.Access.of(c.gained()), ImpactResponse.Access.of(c.lost())));
        }
        return new ImpactResponse(revision, users.size(), page, next);
    }
}
