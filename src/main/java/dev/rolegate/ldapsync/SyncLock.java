package dev.rolegate.ldapsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The one-run-per-account lock of LDAP syncs, across replicas: a PostgreSQL session-level
 * advisory lock on the key {@code (hashtext('rolegate.ldap-sync'), hashtext(account))}, held on
 * a connection of its own (outside the pool) from the moment a run is accepted until its final
 * record is committed. Closing the connection releases the lock, so does the death of the
 * process (PostgreSQL ends the session), which is how a stale {@code running} row is told apart
 * from a live one: {@link #HELD} is false for it. The same key taken as a transaction-level lock
 * by anyone else also refuses a run.
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

    private final Connection connection;

    private SyncLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the account's lock if nobody holds it.
     *
     * @param jdbcUrl  the service's datasource URL; a connection of its own is opened on it
     * @return the held lock, or empty when another run (on any replica) holds it
     * @throws IllegalStateException when the database cannot be reached
     */
    static Optional<SyncLock> tryAcquire(String jdbcUrl, String username, String password, String account) {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "rolegate-ldap-sync-lock");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        Connection connection = null;
        try {
            connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
            if (connection == null) {
                throw new IllegalStateException("not a PostgreSQL JDBC URL");
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                s.setString(1, account);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getBoolean(1)) {
                        return Optional.of(new SyncLock(connection));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot take the LDAP sync lock: " + e.getSQLState(), e);
        }
    }

    /** Releases the lock by ending its session. */
    @Override
    public void close() {
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
