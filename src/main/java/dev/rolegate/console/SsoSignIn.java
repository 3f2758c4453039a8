package dev.rolegate.console;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.check.SnapshotCache;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.ConsoleSignIn;
import dev.rolegate.token.Caller;
import dev.rolegate.token.Declaration;
import dev.rolegate.token.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Opening the console by single sign-on (issue 14 item 1): after the ACS accepted a console
 * login, an active user who may perform {@value #OPEN} (part of {@code rbac.account.read}, which
 * every admin role has) at this moment, decided as for every console page, gets a one-time console link, which the browser opens at once;
 * anyone else gets nothing. The session is then an ordinary console session of that admin.
 */
@ApplicationScoped
public class SsoSignIn implements ConsoleSignIn {

    /** The permission that opens the console. */
    static final String OPEN = "rbac.console.open";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SsoSignIn.class);

    @Inject
    ConsoleSessions sessions;

    @Inject
    DirectoryService directory;

    @Inject
    SnapshotCache snapshots;

    @Inject
    Clock clock;

    @Override
    public Optional<String> linkFor(String account, String user) {
        boolean active = directory.findUser(account, user).map(u -> "active".equals(u.status())).orElse(false);
        if (!active) {
            LOG.infof("Console sign-in refused: account=%s user=%s is not active", account, user);
            return Optional.empty();
        }
        Caller admin = new Caller(user, Optional.of(account), Set.of(Scope.ADMIN));
        try {
            // the decision every console page makes: the engine, on the account's newest snapshot
            AdminGuard.authorize(new Declaration.Admin(OPEN, Set.of()), account, admin,
                    () -> snapshots.get(account, snapshots.latestKnown(account)).snapshot(), clock.instant());
        } catch (ProblemException refused) {
            LOG.infof("Console sign-in refused: account=%s user=%s may not perform %s", account, user, OPEN);
            return Optional.empty();
        }
        return Optional.of(sessions.signInLink(account, user));
    }
}
