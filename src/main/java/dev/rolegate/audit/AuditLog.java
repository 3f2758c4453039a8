package dev.rolegate.audit;

import dev.rolegate.audit.api.AuditEntryResponse;
import dev.rolegate.audit.api.AuditVerification;
import dev.rolegate.audit.store.AuditEntryEntity;
import dev.rolegate.platform.Attribution;
import dev.rolegate.platform.BulkRows;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.NativeValues;
import dev.rolegate.platform.PagedQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.hibernate.Session;

/**
 * Appends to and reads the audit log of an account (DESIGN.md §5, issue 3 item 5).
 *
 * <p>Only the unit of work ({@code change.UnitOfWork}) appends, inside the transaction of the
 * change the entries describe and after it took the account row lock: the lock serialises appends
 * per account, so sequence numbers and the hash chain have no gaps or forks, and a rolled-back
 * change leaves no entry. Entry {@code n}'s hash is {@code hex(sha256(hash(n-1) + canonical JSON of
 * entry n))} ({@link AuditChain}); the first entry chains to {@link AuditChain#GENESIS}. The log
 * never reads the current request: the actor and request id are handed in.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    EntityManager em;

    /**
     * One entry to append, its states already in canonical JSON (the form the hash covers).
     *
     * @param action     the action's spelling, from the catalogue {@code change.Action}
     * @param target     what it happened to, e.g. {@code user:bob}
     * @param beforeJson the state before as canonical JSON, or null
     * @param afterJson  the state after as canonical JSON, or null
     */
    public record Entry(String action, String target, String beforeJson, String afterJson) {
        public Entry {
            java.util.Objects.requireNonNull(action, "action");
            java.util.Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Appends the entries in list order with a few multi-row statements (an LDAP sync run of
     * 100,000 users is one call). The entries share the time, actor, request id and revision.
     * Precondition: inside the change's transaction, after the account row lock.
     *
     * @param revision the account revision the change wrote
     * @param at       when, truncated to microseconds (as PostgreSQL keeps it; the hash covers the row)
     * @param by       the actor and request id every entry names
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String account, long revision, Instant at, Attribution by, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        em.flush();
        Object[] last = last(account);
        long first = last == null ? 1 : (Long) last[0] + 1;
        String previous = last == null ? AuditChain.GENESIS : (String) last[1];
        String actor = by.actor();
        String requestId = by.requestId();
        // each entry's content does not depend on the chain, so it is built in parallel;
        // only the hashes, each over the previous one, are computed in order
        List<String> contents = IntStream.range(0, entries.size()).parallel().mapToObj(i -> {
            Entry e = entries.get(i);
            return AuditChain.content(account, first + i, at, actor, e.action(), e.target(), e.beforeJson(), e.afterJson(),
                    requestId, revision);
        }).toList();
        String[] prevHashes = new String[entries.size()];
        String[] hashes = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            prevHashes[i] = previous;
            hashes[i] = AuditChain.hash(previous, contents.get(i));
            previous = hashes[i];
        }
        List<Integer> index = IntStream.range(0, entries.size()).boxed().toList();
        em.unwrap(Session.class).doWork(connection -> BulkRows.update(connection,
                "INSERT INTO audit_log (account_id, occurred_at, actor, request_id, revision, seq, action, target, "
                        + "before_json, after_json, prev_hash, hash) "
                        + "SELECT ?::text, ?::timestamptz, ?::text, ?::text, ?::int8, v.* FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[]) AS v",
                java.util.Arrays.asList(account, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, requestId, revision),
                index,
                List.of(new BulkRows.Column<Integer>("int8", i -> first + i), BulkRows.Column.text(i -> entries.get(i).action()),
                        BulkRows.Column.text(i -> entries.get(i).target()), BulkRows.Column.text(i -> entries.get(i).beforeJson()),
                        BulkRows.Column.text(i -> entries.get(i).afterJson()), BulkRows.Column.text(i -> prevHashes[i]),
                        BulkRows.Column.text(i -> hashes[i]))));
    }

    private Object[] last(String account) {
        return em.createQuery(
                        "select e.seq, e.hash from AuditEntryEntity e where e.accountId = ?1 order by e.seq desc", Object[].class)
                .setParameter(1, account).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** Entries after sequence number {@code after}, oldest first (newest last). */
    @Transactional
    public Page<AuditEntryResponse> list(String account, long after, int limit) {
        return list(account, AuditSearch.ALL, after, limit);
    }

    /**
     * The entries matching {@code search} after sequence number {@code after}, oldest first, with
     * the total of the search: one SQL statement ({@link PagedQuery}).
     */
    @Transactional
    public Page<AuditEntryResponse> list(String account, AuditSearch search, long after, int limit) {
        PagedQuery query = filtered(PagedQuery.select(COLUMNS, "audit_log e"), account, search).orderBy("seq");
        if (after > 0) {
            query.after("e.seq > :after", "after", after);
        }
        return query.page(em, limit, r -> view(row(r)), e -> Long.toString(e.id()));
    }

    /**
     * The entries matching {@code search} before sequence number {@code before} (0: from the
     * newest), newest first, with the total of the search; {@code next} is the id to pass as
     * {@code before} for the older ones. For the console's audit screen; one SQL statement.
     */
    @Transactional
    public Page<AuditEntryResponse> listNewestFirst(String account, AuditSearch search, long before, int limit) {
        PagedQuery query = filtered(PagedQuery.select(COLUMNS, "audit_log e"), account, search).orderBy("seq DESC");
        if (before > 0) {
            query.after("e.seq < :before", "before", before);
        }
        return query.page(em, limit, r -> view(row(r)), e -> Long.toString(e.id()));
    }

    /**
     * Writes the entries matching {@code search}, oldest first, to {@code out} as they are read
     * (a database cursor of {@value #EXPORT_FETCH} rows at a time; nothing is built in memory),
     * each with its hash chain: {@code prevHash}, {@code hash} and every field the hash covers.
     * Format and verification: docs/audit.md.
     *
     * @param out left open; flushed at the end
     */
    @Transactional
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 3600)
    public void export(String account, AuditSearch search, AuditExport.Format format, java.io.OutputStream out)
            throws java.io.IOException {
        PagedQuery filter = filtered(PagedQuery.select(COLUMNS, "audit_log e"), account, search);
        jakarta.persistence.Query query = em.createNativeQuery("SELECT " + COLUMNS + " FROM audit_log e WHERE "
                + filter.conditions() + " ORDER BY e.seq");
        filter.parameters().forEach(query::setParameter);
        query.setHint(org.hibernate.jpa.HibernateHints.HINT_FETCH_SIZE, EXPORT_FETCH);
        try (AuditExport.Writer writer = AuditExport.writer(format, out);
             @SuppressWarnings("unchecked") java.util.stream.Stream<Object[]> rows = query.getResultStream()) {
            for (java.util.Iterator<Object[]> it = rows.iterator(); it.hasNext(); ) {
                writer.write(row(it.next()));
            }
        }
    }

    private static final int EXPORT_FETCH = 500;

    private static final String COLUMNS = "e.account_id AS account_id, e.seq AS seq, e.occurred_at AS occurred_at, "
            + "e.actor AS actor, e.action AS action, e.target AS target, e.before_json AS before_json, "
            + "e.after_json AS after_json, e.request_id AS request_id, e.revision AS revision, e.prev_hash AS prev_hash, "
            + "e.hash AS hash";

    private static PagedQuery filtered(PagedQuery query, String account, AuditSearch search) {
        query.where("e.account_id = :account", "account", account);
        if (search.actor() != null) {
            query.where("e.actor = :actor", "actor", search.actor());
        }
        if (search.action() != null) {
            query.where("e.action = :action", "action", search.action());
        }
        if (search.target() != null) {
            // the target itself or a path below it: "user:bob" and "user:bob/...", ('/' + 1 is '0')
            query.where("(e.target COLLATE \"C\" = :target OR (e.target COLLATE \"C\" >= :targetBelow "
                            + "AND e.target COLLATE \"C\" < :targetBelowUpper))", "target", search.target(),
                    "targetBelow", search.target() + "/", "targetBelowUpper", search.target() + "0");
        }
        if (search.from() != null) {
            query.where("e.occurred_at >= :from", "from", OffsetDateTime.ofInstant(search.from(), ZoneOffset.UTC));
        }
        if (search.to() != null) {
            query.where("e.occurred_at < :to", "to", OffsetDateTime.ofInstant(search.to(), ZoneOffset.UTC));
        }
        return query;
    }

    private static AuditExport.Row row(Object[] r) {
        return new AuditExport.Row((String) r[0], ((Number) r[1]).longValue(), NativeValues.instant(r[2]), (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], ((Number) r[9]).longValue(),
                (String) r[10], (String) r[11]);
    }

    private static AuditEntryResponse view(AuditExport.Row e) {
        return new AuditEntryResponse(e.seq(), e.occurredAt(), e.actor(), e.action(), e.target(),
                AuditChain.tree(e.beforeJson()), AuditChain.tree(e.afterJson()), e.requestId(), e.revision(), e.prevHash(),
                e.hash());
    }

    /**
     * Recomputes the account's chain from the first entry: every entry's {@code prev_hash} must be
     * the previous entry's hash, its hash must match its content, and sequence numbers must not skip.
     */
    @Transactional
    public AuditVerification verify(String account) {
        List<AuditEntryEntity> rows = AuditEntryEntity.<AuditEntryEntity>find(
                "accountId = ?1 order by seq", account).list();
        String previous = AuditChain.GENESIS;
        long expectedSeq = 1;
        for (AuditEntryEntity row : rows) {
            String content = AuditChain.content(row.accountId, row.seq, row.occurredAt, row.actor, row.action, row.target,
                    row.beforeJson, row.afterJson, row.requestId, row.revision);
            if (row.seq != expectedSeq || !row.prevHash.equals(previous) || !row.hash.equals(AuditChain.hash(previous, content))) {
                return new AuditVerification(false, rows.size(), row.seq);
            }
            previous = row.hash;
            expectedSeq++;
        }
        return new AuditVerification(true, rows.size(), null);
    }

    /** How many entries the account's log holds. */
    @Transactional
    public long count(String account) {
        return AuditEntryEntity.count("accountId", account);
    }

}
