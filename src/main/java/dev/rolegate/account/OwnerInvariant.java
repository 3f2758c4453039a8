package dev.rolegate.account;

import dev.rolegate.change.AccountInvariant;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.ChangeOp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The owner invariant as the unit of work runs it, once per transaction: the one hook through
 * which {@link OwnerGuard} is called. A work that only creates things other than permissions
 * (users, groups, members, assignments, roles) cannot take ownership away and is not checked;
 * any other work is refused when it leaves no active owner by content while the account had one.
 */
@ApplicationScoped
public class OwnerInvariant implements AccountInvariant {

    @Inject
    OwnerGuard owners;

    @Override
    public void check(String account, List<Change> changes) {
        if (!changes.stream().allMatch(OwnerInvariant::onlyAdds)) {
            owners.requireOwnerRemains(account);
        }
    }

    /** A created thing other than a permission (a new permission is one more that an owner by content must hold). */
    private static boolean onlyAdds(Change change) {
        return change.op() == ChangeOp.CREATE && change.kind() != ChangeKind.PERMISSION;
    }
}
