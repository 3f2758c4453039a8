package dev.rolegate.ldap;

import java.util.Locale;

/**
 * A full run reads every user and group and may deprovision; an incremental run reads only what
 * changed since the last run's {@link Watermark} and never deprovisions (an entry that is gone
 * does not show up in a "changed since" search, so absence proves nothing).
 */
public enum SyncMode {
    FULL, INCREMENTAL;

    /** The JSON value: {@code full} or {@code incremental}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the JSON value. */
    public static SyncMode fromWire(String value) {
        for (SyncMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown sync mode: " + value);
    }
}
