package dev.rolegate.ldapsync;

import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.UserStatus;
import dev.rolegate.platform.AccountRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Loads what an account holds as the {@link dev.rolegate.ldap.SyncPlanner} needs it
 * ({@link CurrentState}), with lean read-only SQL on the run's connection: rows stream into
 * records, no managed entities (an account of 100,000 users and 300,000 memberships loads in well
 * under a second, not a persistence context of half a million objects).
 *
 * <p>Stored DNs are turned back into {@link DirectoryDn}s without parsing when the read holds the
 * same DN text (the usual case: the directory's DN did not change); only the others go through
 * the adapter's DN parser.
 *
 * <p>An incremental read with no users and no groups plans nothing whatever the account holds, so
 * its state is {@link CurrentState#empty()} and nothing is loaded: a no-change run costs the
 * directory's "changed since" searches and no database reads.
 */
@ApplicationScoped
public class DirectoryStateLoader {

    private static final Logger LOG = Logger.getLogger(DirectoryStateLoader.class);

    @Inject
    EntityManager em;

    @Inject
    LdapDirectory ldap;

    /** The account's users, groups, memberships and assignments, as far as {@code read} can change them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CurrentState load(String account, DirectoryRead read) {
        if (read.mode() == SyncMode.INCREMENTAL && read.users().isEmpty() && !read.groupsRead()) {
            return CurrentState.empty();
        }
        Map<String, DirectoryDn> dns = new HashMap<>();
        for (DirectoryEntryUser user : read.users()) {
            dns.put(user.dn().value(), user.dn());
        }
        for (DirectoryEntryGroup group : read.groups()) {
            dns.put(group.dn().value(), group.dn());
        }
        List<CurrentState.User> users = new ArrayList<>();
        List<CurrentState.Group> groups = new ArrayList<>();
        List<CurrentState.Membership> memberships = new ArrayList<>();
        List<CurrentState.Assignment> assignments = new ArrayList<>();
        long started = System.nanoTime();
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            AccountRows.forEach(connection, "SELECT id, source, external_id, external_dn, email, display_name, status FROM app_user "
                    + "WHERE account_id = ?", account, row -> {
                        CurrentState.Source source = source(row.getString(2));
                        boolean ldapSourced = source == CurrentState.Source.LDAP;
                        users.add(new CurrentState.User(row.getString(1), source, ldapSourced ? row.getString(3) : null,
                                ldapSourced ? dn(dns, row.getString(4)) : null, row.getString(5), row.getString(6),
                                "disabled".equals(row.getString(7)) ? UserStatus.DISABLED : UserStatus.ACTIVE));
                    });
            AccountRows.forEach(connection, "SELECT id, source, external_id, external_dn, display_name FROM user_group WHERE account_id = ?",
                    account, row -> {
                        CurrentState.Source source = source(row.getString(2));
                        boolean ldapSourced = source == CurrentState.Source.LDAP;
                        String id = row.getString(1);
                        String name = row.getString(5);
                        groups.add(new CurrentState.Group(id, source, ldapSourced ? row.getString(3) : null,
                                ldapSourced ? dn(dns, row.getString(4)) : null, name == null ? id : name));
                    });
            AccountRows.forEach(connection, "SELECT group_id, user_id FROM group_member WHERE account_id = ?", account,
                    row -> memberships.add(new CurrentState.Membership(row.getString(1), row.getString(2))));
            AccountRows.forEach(connection, "SELECT user_id, role, source FROM user_role WHERE account_id = ?", account,
                    row -> assignments.add(new CurrentState.Assignment(AssigneeKind.USER, row.getString(1), row.getString(2),
                            AssignmentSource.fromWire(row.getString(3)))));
            AccountRows.forEach(connection, "SELECT group_id, role, source FROM group_role WHERE account_id = ?", account,
                    row -> assignments.add(new CurrentState.Assignment(AssigneeKind.GROUP, row.getString(1), row.getString(2),
                            AssignmentSource.fromWire(row.getString(3)))));
        });
        CurrentState state = new CurrentState(users, groups, memberships, assignments);
        LOG.debugf("LDAP sync of account %s: state of %d users, %d groups, %d memberships, %d assignments loaded in %d ms",
                account, users.size(), groups.size(), memberships.size(), assignments.size(),
                (System.nanoTime() - started) / 1_000_000);
        return state;
    }

    private DirectoryDn dn(Map<String, DirectoryDn> known, String value) {
        DirectoryDn dn = known.get(value);
        return dn != null ? dn : ldap.dn(value);
    }

    private static CurrentState.Source source(String wire) {
        return CurrentState.Source.valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
