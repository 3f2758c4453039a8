package dev.rolegate.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams the rows of one account's query over plain JDBC, for the bulk readers (snapshot load,
 * LDAP sync state, account export) that must not build 100,000 managed entities.
 */
public final class AccountRows {

    /** Rows fetched per round trip: PostgreSQL streams in batches only inside a transaction (autocommit off). */
    static final int FETCH_SIZE = 10_000;

    private AccountRows() {
    }

    /** What to do with one row; the result set is positioned on it. */
    @FunctionalInterface
    public interface Handler {
        void row(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code sql}, whose only parameter ({@code ?}) is the account id, and hands each row to
     * {@code handler} in the order the database returns them.
     *
     * @throws SQLException from the driver or the handler
     */
    public static void forEach(Connection connection, String sql, String account, Handler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH_SIZE);
            statement.setString(1, account);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    handler.row(row);
                }
            }
        }
    }
}
