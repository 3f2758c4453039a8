package dev.rolegate.change;

import java.util.Locale;

/** What a change item did to its thing: {@code create} (no before), {@code update}, {@code delete} (no after). */
public enum ChangeOp {
    CREATE, UPDATE, DELETE;

    /** The feed's spelling: {@code create}, {@code update}, {@code delete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
