package dev.rolegate.change.store;

import dev.rolegate.platform.Attribution;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The rows of {@code change_record}: one per committed revision of an account. Appended only by
 * the unit of work, in the transaction of its change; read outside any transaction (one
 * statement per read, on a pooled connection), pruned by age as a prefix of the revisions.
 */
@ApplicationScoped
public class ChangeRecords {

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    /**
     * One stored record.
     *
     * @param changes the JSON array of its change items, as stored
     */
    public record Row(long revision, Instant at, String actor, String requestId, String changes) {
    }

    /**
     * Where an account's feed stands, read in one statement.
     *
     * @param head   the account's newest revision
     * @param oldest the oldest revision with a record, or empty when none is kept
     */
    public record Bounds(long head, Optional<Long> oldest) {
    }

    /** Appends the record of {@code revision}, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String account, long revision, Instant at, Attribution by, String changes) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO change_record (account_id, revision, at, actor, "
                    + "request_id, changes) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, account);
                s.setLong(2, revision);
                s.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                s.setString(4, by.actor());
                s.setString(5, by.requestId());
                s.setString(6, changes);
                s.executeUpdate();
            }
        });
    }

    /** The account's head and oldest kept record; empty when the account does not exist. */
    public Optional<Bounds> bounds(String account) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT a.revision, (SELECT min(r.revision) FROM change_record r "
                     + "WHERE r.account_id = a.id) FROM account a WHERE a.id = ?")) {
            s.setString(1, account);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long oldest = rs.getLong(2);
                return Optional.of(new Bounds(rs.getLong(1), rs.wasNull() ? Optional.empty() : Optional.of(oldest)));
            }
        }
    }

    /** Up to {@code limit} records after revision {@code after}, oldest first. */
    public List<Row> after(String account, long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT revision, at, actor, request_id, changes FROM change_record "
                     + "WHERE account_id = ? AND revision > ? ORDER BY revision LIMIT ?")) {
            s.setString(1, account);
            s.setLong(2, after);
            s.setInt(3, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        }
    }

    /**
     * Deletes, per account, every record up to the newest one older than {@code cutoff}: a prefix
     * of the revisions, so the kept records never have a gap.
     *
     * @return how many records went
     */
    public int prune(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM change_record r USING (SELECT account_id, max(revision) AS upto "
                     + "FROM change_record WHERE at < ? GROUP BY account_id) old "
                     + "WHERE r.account_id = old.account_id AND r.revision <= old.upto")) {
            s.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return s.executeUpdate();
        }
    }
}
