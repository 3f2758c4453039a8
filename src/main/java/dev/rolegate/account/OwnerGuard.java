package dev.rolegate.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import dev.rolegate.platform.problem.ProblemException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The lock-out guard (issue 3, item 2): no change may leave an account that had an active user
 * holding the {@code owner} role (directly or through a group, in force now) without one. Call
 * {@link #activeOwners} after the account lock and {@link #requireOwnerRemains} at the end of the
 * same transaction; the refusal rolls the whole change back.
 */
@ApplicationScoped
public class OwnerGuard {

    private static final String IN_FORCE = "(%1$s.valid_from IS NULL OR %1$s.valid_from <= ?3) AND (%1$s.expires_at IS NULL OR %1$s.expires_at > ?3)";

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** How many active users hold the owner role now (flushes pending changes first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long activeOwners(String account) {
        em.flush();
        Number n = (Number) em.createNativeQuery("SELECT count(*) FROM app_user u WHERE u.account_id = ?1 AND u.status = 'active' AND ("
                        + "EXISTS (SELECT 1 FROM user_role ur WHERE ur.account_id = u.account_id AND ur.user_id = u.id AND ur.role = ?2 AND "
                        + IN_FORCE.formatted("ur") + ") OR "
                        + "EXISTS (SELECT 1 FROM group_member gm JOIN group_role gr ON gr.account_id = gm.account_id AND gr.group_id = gm.group_id "
                        + "WHERE gm.account_id = u.account_id AND gm.user_id = u.id AND gr.role = ?2 AND " + IN_FORCE.formatted("gr") + "))")
                .setParameter(1, account).setParameter(2, AccountService.OWNER_ROLE)
                .setParameter(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .getSingleResult();
        return n.longValue();
    }

    /**
     * @param ownersBefore {@link #activeOwners} at the start of the change
     * @throws ProblemException 409 {@code last_owner} when the change removed the last one
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireOwnerRemains(String account, long ownersBefore) {
        if (ownersBefore > 0 && activeOwners(account) == 0) {
            throw ProblemException.conflict("last_owner", "This change would leave the account without an active user "
                    + "holding the '" + AccountService.OWNER_ROLE + "' role; make someone else owner first.");
        }
    }
}
