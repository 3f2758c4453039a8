package dev.rolegate.ldapsync;

import dev.rolegate.platform.DirectConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one-run-per-account lock of LDAP syncs, across replicas: a PostgreSQL session-level
 * advisory lock on the key {@code (hashtext('rolegate.ldap-sync'), hashtext(account))}, held on
 * a connection of its own (outside the pool) from the moment a run is accepted until its final
 * record is committed. Closing the connection releases the lock, so does the death of the
 * process (PostgreSQL ends the session), which is how a stale {@code running} row is told apart
 * from a live one: {@link #HELD} is false for it. The same key taken as a transaction-level lock
 * by anyone else also refuses a run. A released lock's session is kept for the next run
 * ({@link Sessions}).
 *
 * <p>Not thread-safe: one run owns it; {@link #close()} is idempotent and never throws.
 */
final class SyncLock implements AutoCloseable {

    /** SQL (two int4 keys) of the lock of the account given as parameter 1. */
    static final String KEY = "hashtext('rolegate.ldap-sync'), hashtext(?)";

    /**
     * SQL condition, true while some session holds the lock of the account in column
     * {@code account_id} of the row in scope (an advisory lock on two int4 keys shows in
     * {@code pg_locks} as classid, objid and objsubid 2).
     */
    static final String HELD = "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
            + " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.classid = hashtext('rolegate.ldap-sync')::oid AND l.objid = hashtext(account_id)::oid)";

    private static final Logger LOG = Logger.getLogger(SyncLock.class);

    private final Sessions sessions;
    private final Connection connection;
    private final String account;
    private boolean closed;

    private SyncLock(Sessions sessions, Connection connection, String account) {
        this.sessions = sessions;
        this.connection = connection;
        this.account = account;
    }

    /**
     * The lock's database sessions: opened on the service's datasource URL outside its pool,
     * and kept for the next run once their lock is released (at most {@value #MAX_IDLE} idle), so
     * a run does not pay for a new PostgreSQL connection. An idle session holds no lock.
     * Thread-safe; {@link #close()} ends the idle sessions.
     */
    static final class Sessions implements AutoCloseable {

        static final int MAX_IDLE = 4;

        private final DirectConnections connections;
        private final Deque<Connection> idle = new ArrayDeque<>();

        Sessions(DirectConnections connections) {
            this.connections = connections;
        }

        /**
         * Takes the account's lock if nobody holds it.
         *
         * @return the held lock, or empty when another run (on any replica) holds it
         * @throws IllegalStateException when the database cannot be reached
         */
        Optional<SyncLock> tryAcquire(String account) {
            Connection kept = poll();
            if (kept != null) {
                try {
                    return tryLock(kept, account);
                } catch (SQLException e) {
                    // the kept session went away (database restart, idle timeout): start a new one
                    closeQuietly(kept);
                }
            }
            Connection connection = null;
            try {
                connection = connections.open(Map.of("ApplicationName", "rolegate-ldap-sync-lock"));
                return tryLock(connection, account);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw new IllegalStateException("cannot take the LDAP sync lock: " + e.getSQLState(), e);
            }
        }

        private Optional<SyncLock> tryLock(Connection connection, String account) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                s.setString(1, account);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getBoolean(1)) {
                        return Optional.of(new SyncLock(this, connection, account));
                    }
                }
            }
            keep(connection);
            return Optional.empty();
        }

        private synchronized Connection poll() {
            return idle.pollFirst();
        }

        private void keep(Connection connection) {
            synchronized (this) {
                if (idle.size() < MAX_IDLE) {
                    idle.addFirst(connection);
                    return;
                }
            }
            closeQuietly(connection);
        }

        /** Ends the idle sessions. */
        @Override
        public void close() {
            Connection connection;
            while ((connection = poll()) != null) {
                closeQuietly(connection);
            }
        }
    }

    /**
     * Releases the lock: {@code pg_advisory_unlock} on its session, which is then kept for the
     * next run; when that fails, or the session held no such lock, the session is ended instead
     * (which releases any lock it held).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(" + KEY + ")")) {
            s.setString(1, account);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getBoolean(1)) {
                    sessions.keep(connection);
                    return;
                }
            }
        } catch (SQLException e) {
            LOG.debugf("releasing the LDAP sync lock: %s", e.getSQLState());
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone either way, and with it the lock
            LOG.debugf("closing the LDAP sync lock connection: %s", e.getSQLState());
        }
    }
}
