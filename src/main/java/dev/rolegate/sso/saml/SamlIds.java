package dev.rolegate.sso.saml;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Message identifiers for the messages this SP issues. */
final class SamlIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SamlIds() {
    }

    /**
     * A new xs:ID: an underscore (an NCName may not start with a digit) and 160 random bits in
     * hex, so two IDs collide with probability well under 2^-128 (SAML 2.0 Core §1.3.4).
     */
    static String newId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }
}
