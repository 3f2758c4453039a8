package dev.rolegate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who gains and who loses what between two snapshots of one account (issue 13 item 6, the
 * impact preview): for every user of either snapshot, the permissions and operations held at
 * {@code now} after but not before ({@link Change#gained()}) and before but not after
 * ({@link Change#lost()}), by {@link Snapshot#effectiveAccess}, so by exactly the decision rules
 * of a check. A user only in {@code before} (deleted) loses all it held; a user only in
 * {@code after} (created) gains all it holds; a disabled user holds nothing.
 *
 * <p>Cost: two effective-access look-ups per user, which the snapshots cache per distinct
 * permission set, and a sorted merge of the two users' lists. Stateless and thread safe.
 */
public final class AccessDiff {

    private AccessDiff() {
    }

    /**
     * One user whose access differs.
     *
     * @param user   the user id
     * @param gained what the user holds after and not before (sorted lists); never both empty with {@code lost}
     * @param lost   what the user held before and not after
     */
    public record Change(String user, EffectiveAccess gained, EffectiveAccess lost) {
        public Change {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(gained, "gained");
            Objects.requireNonNull(lost, "lost");
        }

        /** True when the user gains any permission or operation. */
        public boolean gainsAnything() {
            return !gained.permissions().isEmpty() || !gained.operations().isEmpty();
        }
    }

    /**
     * The users whose access differs between {@code before} and {@code after} at {@code now},
     * sorted by id.
     */
    public static List<Change> between(Snapshot before, Snapshot after, Instant now) {
        Objects.requireNonNull(now, "now");
        TreeSet<String> users = new TreeSet<>(before.userIds());
        users.addAll(after.userIds());
        List<Change> changes = new ArrayList<>();
        for (String user : users) {
            EffectiveAccess was = before.effectiveAccess(user, now);
            EffectiveAccess is = after.effectiveAccess(user, now);
            if (was.equals(is)) {
                continue;
            }
            EffectiveAccess gained = new EffectiveAccess(minus(is.permissions(), was.permissions()),
                    minus(is.operations(), was.operations()));
            EffectiveAccess lost = new EffectiveAccess(minus(was.permissions(), is.permissions()),
                    minus(was.operations(), is.operations()));
            changes.add(new Change(user, gained, lost));
        }
        return changes;
    }

    /** The elements of sorted {@code a} not in {@code b}, in order. */
    private static List<String> minus(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> drop = new HashSet<>(b);
        List<String> out = new ArrayList<>();
        for (String s : a) {
            if (!drop.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
