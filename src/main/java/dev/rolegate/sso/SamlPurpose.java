package dev.rolegate.sso;

import java.util.Locale;

/**
 * What an SP-initiated login was started for, stored with its AuthnRequest ID
 * ({@code saml_request.purpose}). The ACS acts on the purpose of the request a response answers,
 * never on anything the response says, so a login started for one purpose cannot end as another;
 * an unsolicited (IdP-initiated) response is always {@link #APP}.
 */
public enum SamlPurpose {
    /** A login to the application: a one-time code at one of the account's redirect URLs. */
    APP,
    /** A login to the console: a console session, for an active admin of the account only. */
    CONSOLE,
    /** A test login from the console: validated and shown to the console session that started it; nothing is written. */
    TEST;

    /** The stored value: {@code app}, {@code console} or {@code test}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The purpose of a stored value; an unknown value is refused (never read as an application login). */
    public static SamlPurpose of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
