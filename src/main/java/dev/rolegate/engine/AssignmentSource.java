package dev.rolegate.engine;

/**
 * Where an assignment came from. A source only ever adds or removes its own assignments: an
 * LDAP sync never removes a role that an admin granted by hand (DESIGN.md §1).
 */
public enum AssignmentSource {
    MANUAL, SAML, LDAP, TEMPLATE, SCIM;

    /** The wire and column form: {@code manual}, {@code saml}, {@code ldap}, {@code template},
     * {@code scim}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException for anything but the five lowercase names
     */
    public static AssignmentSource fromWire(String value) {
        for (AssignmentSource source : values()) {
            if (source.wireName().equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown assignment source: " + value);
    }
}
