package dev.rolegate.sso;

import java.util.Optional;

/**
 * How a console login accepted at the ACS becomes a console session; implemented by the
 * console feature (which depends on this one, not the other way round).
 */
public interface ConsoleSignIn {

    /**
     * A one-time console link for {@code user} of {@code account}, if that user is active and may
     * open the console ({@code rbac.console.open}, part of {@code rbac.account.read}) now; call
     * inside a transaction.
     *
     * @return the link's root-relative URL ({@code /console/{account}/open?link=…}), or empty for
     *     anyone else
     */
    Optional<String> linkFor(String account, String user);
}
