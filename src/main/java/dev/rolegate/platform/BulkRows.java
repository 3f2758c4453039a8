package dev.rolegate.platform;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Writes many rows with few round trips: a statement that reads its rows from PostgreSQL
 * {@code unnest(?::text[], ?::int8[], ...)} runs once per chunk of rows, each column bound as one
 * JDBC array ({@link Connection#createArrayOf}). Values travel as bound parameters, never spliced
 * into SQL, so nothing is escaped by hand; one statement per chunk is as fast as a batch of
 * thousands of single-row inserts and keeps each statement well inside the socket timeout.
 *
 * <p>The statement text names its leading scalar parameters first (the account, a timestamp),
 * then one array parameter per column in the order of {@code columns}, then trailing scalars, e.g.
 * {@code INSERT INTO t (account_id, a, b) SELECT ?, a, b FROM unnest(?::text[], ?::text[]) AS v(a, b)}.
 * Stateless; use it on the transaction's own connection (Hibernate {@code Session.doWork}).
 */
public final class BulkRows {

    /** Rows per statement. */
    public static final int CHUNK = 5_000;

    private BulkRows() {
    }

    /**
     * One column of the rows: its PostgreSQL element type ({@code text} or {@code int8}; bind
     * times as leading parameters) and how to read it from a row (null is SQL NULL).
     */
    public record Column<T>(String type, Function<T, Object> value) {
        public static <T> Column<T> text(Function<T, Object> value) {
            return new Column<>("text", value);
        }
    }

    /** Reads the rows a chunk's statement returns ({@code RETURNING}). */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code sql} once per chunk of {@code rows}.
     *
     * @param trailing scalar parameters after the arrays (e.g. the account in a {@code WHERE})
     * @return the sum of the update counts
     */
    public static <T> long update(Connection connection, String sql, List<Object> leading, List<T> rows,
                                  List<Column<T>> columns, Object... trailing) throws SQLException {
        long count = 0;
        for (int from = 0; from < rows.size(); from += CHUNK) {
            try (PreparedStatement statement = prepare(connection, sql, leading, rows.subList(from, Math.min(rows.size(), from + CHUNK)), columns, trailing)) {
                count += statement.executeUpdate();
            }
        }
        return count;
    }

    /** Runs {@code sql} (a query, or a write with {@code RETURNING}) once per chunk, handing each result row to {@code reader}. */
    public static <T> void query(Connection connection, String sql, List<Object> leading, List<T> rows,
                                 List<Column<T>> columns, RowReader reader, Object... trailing) throws SQLException {
        for (int from = 0; from < rows.size(); from += CHUNK) {
            try (PreparedStatement statement = prepare(connection, sql, leading, rows.subList(from, Math.min(rows.size(), from + CHUNK)), columns, trailing);
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        }
    }

    private static <T> PreparedStatement prepare(Connection connection, String sql, List<Object> leading, List<T> chunk,
                                                 List<Column<T>> columns, Object[] trailing) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            int index = 1;
            for (Object value : leading) {
                statement.setObject(index++, value);
            }
            for (Column<T> column : columns) {
                // typed arrays: the driver encodes String[] and Long[] natively
                Object[] values = "int8".equals(column.type()) ? new Long[chunk.size()] : new String[chunk.size()];
                for (int i = 0; i < values.length; i++) {
                    Object value = column.value().apply(chunk.get(i));
                    values[i] = value == null || values instanceof Long[] ? value : value.toString();
                }
                Array array = connection.createArrayOf(column.type(), values);
                statement.setArray(index++, array);
            }
            for (Object value : trailing) {
                statement.setObject(index++, value);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
