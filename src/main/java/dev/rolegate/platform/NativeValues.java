package dev.rolegate.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column values as the JDBC driver hands them back to a native query, in the types the code uses. */
public final class NativeValues {

    private NativeValues() {
    }

    /**
     * A {@code timestamptz} column as an instant: the driver gives {@link Timestamp},
     * {@link OffsetDateTime} or {@link Instant} depending on the query path; null stays null.
     *
     * @throws IllegalArgumentException for a value of any other type (not a timestamp column)
     */
    public static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + column.getClass());
    }
}
