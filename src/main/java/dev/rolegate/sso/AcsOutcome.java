package dev.rolegate.sso;

/**
 * Where the assertion consumer service sends the browser after it accepted a response, by the
 * {@link SamlPurpose} of the request it answered.
 */
public sealed interface AcsOutcome {

    /** The absolute or root-relative URL to redirect the browser to. */
    String location();

    /** An application login: a redirect URL of the account with {@code code} added. */
    record AppLogin(String location) implements AcsOutcome {
    }

    /** A console login of an admin: a one-time console link ({@code /console/{account}/open?link=…}). */
    record ConsoleLogin(String location) implements AcsOutcome {
    }

    /** A test login: the console page that shows its result, {@code /console/{account}/sso/test/{id}}. */
    record TestLogin(String location) implements AcsOutcome {
    }
}
