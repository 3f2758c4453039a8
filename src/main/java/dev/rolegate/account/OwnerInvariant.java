package dev.rolegate.account;

import dev.rolegate.change.AccountInvariant;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.ChangeOp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The owner invariant as the unit of work runs it, once per transaction: the one hook through
 * which {@link OwnerGuard} is called. A work that only adds (users, groups, members,
 * assignments, roles) cannot take ownership away and is not checked; otherwise a work that leaves
 * no active owner is refused if the account had one before it. The state before is the committed
 * one, read in a transaction of its own, because the writer still holds the account row lock.
 */
@ApplicationScoped
public class OwnerInvariant implements AccountInvariant {

    @Inject
    OwnerGuard owners;

    @Override
    public void check(String account, List<Change> changes) {
        if (changes.stream().allMatch(OwnerInvariant::onlyAdds) || owners.activeOwners(account) > 0) {
            return;
        }
        long before = QuarkusTransaction.requiringNew().call(() -> owners.activeOwners(account));
        owners.requireOwnerRemains(account, before);
    }

    /** A created thing other than a permission (a new permission is one more that an owner by content must hold). */
    private static boolean onlyAdds(Change change) {
        return change.op() == ChangeOp.CREATE && change.kind() != ChangeKind.PERMISSION;
    }
}
