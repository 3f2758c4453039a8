package dev.rolegate.ldap;

import java.util.Locale;

/** A Rolegate user's status (DESIGN.md §1): a disabled user holds nothing. */
public enum UserStatus {
    ACTIVE, DISABLED;

    /** The JSON and column value: {@code active} or {@code disabled}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
