package dev.rolegate.platform;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one classifier of database failures: whether a failure means the database cannot be
 * reached (so the snapshot cache starts its outage grace and the HTTP layer answers 503
 * {@code database_unavailable}), as opposed to a database that answered with an error.
 *
 * <p>Imports {@code java.*} only, so pure code and every adapter can share it.
 */
public final class DatabaseFailures {

    /** How many causes are looked at, at most: a chain is short, a longer one is a bug or a loop. */
    static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /**
     * True when somewhere in the first {@value #MAX_DEPTH} distinct causes of {@code failure}
     * (the failure itself included; a cause cycle ends the walk) there is:
     * <ul>
     *   <li>an {@link java.sql.SQLException} of SQLState class {@code 08} (connection exception,
     *       SQL:2016 / PostgreSQL Appendix A), or one of JDBC's types for that class,
     *       {@link java.sql.SQLTransientConnectionException} and
     *       {@link java.sql.SQLNonTransientConnectionException};</li>
     *   <li>PostgreSQL ending or refusing the session, SQLState {@code 57P01} .. {@code 57P05}
     *       (admin_shutdown and crash_shutdown while the server stops, cannot_connect_now while
     *       it starts, database_dropped, idle_session_timeout); but not {@code 57014}, a
     *       cancelled statement on a live server;</li>
     *   <li>a socket failure: {@link java.net.SocketException} (refused, reset, no route) or
     *       {@link java.net.SocketTimeoutException} (a database that stopped answering);</li>
     *   <li>the connection pool giving up on getting a connection in time (Agroal's
     *       "Acquisition timeout ..." {@link java.sql.SQLException}, which has no SQLState).</li>
     * </ul>
     * Everything else (a constraint violation, a serialization failure, a statement timeout, a
     * programming error) is a database that answered: false. Null: false.
     */
    public static boolean unreachable(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.put(t, Boolean.TRUE) == null;
                t = t.getCause(), depth++) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.SocketException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                if (state == null && sql.getMessage() != null
                        && sql.getMessage().toLowerCase(Locale.ROOT).startsWith("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
