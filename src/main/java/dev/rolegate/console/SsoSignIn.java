package dev.rolegate.console;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.sso.ConsoleSignIn;
import dev.rolegate.token.Caller;
import dev.rolegate.token.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * Opening the console by single sign-on (issue 14 item 1): after the ACS accepted a console
 * login, an active user who holds {@value #OPEN} (part of {@code rbac.account.read}, which every
 * admin role has) at this moment gets a one-time console link, which the browser opens at once;
 * anyone else gets nothing. The session is then an ordinary console session of that admin.
 */
@ApplicationScoped
public class SsoSignIn implements ConsoleSignIn {

    /** The permission that opens the console. */
    static final String OPEN = "rbac.console.open";

    @Inject
    ConsoleSessions sessions;

    @Inject
    DirectoryService directory;

    @Inject
    AdminGuard guard;

    @Override
    public Optional<String> linkFor(String account, String user) {
        boolean active = directory.findUser(account, user).map(u -> "active".equals(u.status())).orElse(false);
        if (!active) {
            return Optional.empty();
        }
        Set<String> held = guard.heldPermissions(account, new Caller(user, Optional.of(account), Set.of(Scope.ADMIN)));
        return held.contains(OPEN) ? Optional.of(sessions.signInLink(account, user)) : Optional.empty();
    }
}
