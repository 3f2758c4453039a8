package dev.rolegate.platform;

import java.util.Objects;

/**
 * Who made a change and under which request: what its audit entries and its change record name.
 * Handed in explicitly by whoever starts the change (a service from its request's caller, an LDAP
 * sync run from the admin who asked or the scheduler); nothing below reads the current request.
 *
 * @param actor     the API caller's subject (e.g. {@code owner@acme.test}), or {@value #SYSTEM}
 *                  or a {@code system:}... name for work no caller asked for
 * @param requestId the {@code X-Request-Id} of the request that asked for the change, or null
 */
public record Attribution(String actor, String requestId) {

    /** The actor of changes made without an API caller (a SAML login, say). */
    public static final String SYSTEM = "system";

    public Attribution {
        Objects.requireNonNull(actor, "actor");
    }
}
