package dev.rolegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.audit.api.AuditEntryResponse;
import dev.rolegate.platform.CanonicalJson;
import dev.rolegate.audit.api.AuditVerification;
import dev.rolegate.audit.store.AuditEntryEntity;
import dev.rolegate.platform.BulkRows;
import dev.rolegate.platform.Page;
import dev.rolegate.token.AccessGuard;
import dev.rolegate.token.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.hibernate.Session;
import org.jboss.logging.MDC;

/**
 * Appends to and reads the audit log of an account (DESIGN.md §5, issue 3 item 5).
 *
 * <p>{@link #record} must run inside the transaction of the change it describes, after the
 * change took the account row lock ({@code Revisions.next}): the lock serialises appends per
 * account, so sequence numbers and the hash chain have no gaps or forks, and a rolled-back change
 * leaves no entry. Entry {@code n}'s hash is {@code hex(sha256(hash(n-1) + canonical JSON of
 * entry n))}; the first entry chains to {@link #GENESIS}.
 */
@ApplicationScoped
public class AuditLog {

    /** The "previous hash" of an account's first entry. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * Actor of changes made without an API caller and without an {@link Attribution} of their own
     * (an identity source's login, e.g. SAML JIT provisioning).
     */
    public static final String SYSTEM_ACTOR = "system";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    AccessGuard guard;

    /**
     * Appends one entry for a change of {@code account} made in the current transaction.
     *
     * @param revision the account revision this change wrote
     * @param action   what happened, e.g. {@code role.update}, {@code assignment.create}
     * @param target   what it happened to, e.g. {@code role:analyst}, {@code user:bob/role:viewer}
     * @param before   the state before (any Jackson-serialisable value), or null when it did not exist
     * @param after    the state after, or null when it no longer exists
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String account, long revision, String action, String target, Object before, Object after) {
        Object[] last = last(account);
        Attribution by = current();
        AuditEntryEntity entry = entry(account, revision, new Change(action, target, before, after),
                last == null ? 1 : (Long) last[0] + 1, clock.instant().truncatedTo(ChronoUnit.MICROS), by.actor(), by.requestId());
        entry.prevHash = last == null ? GENESIS : (String) last[1];
        entry.hash = hash(entry);
        entry.persist();
    }

    /**
     * One change for {@link #recordAll}: the arguments of {@link #record} after the revision.
     *
     * @param action what happened, e.g. {@code user.create}
     * @param target what it happened to, e.g. {@code user:bob}
     * @param before the state before, or null
     * @param after  the state after, or null
     */
    public record Change(String action, String target, Object before, Object after) {
        public Change {
            java.util.Objects.requireNonNull(action, "action");
            java.util.Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Who an entry names as having made a change, and under which request: what {@link #record}
     * and {@link #recordAll(String, long, List)} read from the current request ({@link #current}).
     * Work that outlives its request on another thread (an LDAP sync run on its pool) captures it
     * while the request is current, or builds one, and hands it to
     * {@link #recordAll(String, long, List, Attribution)}.
     *
     * @param actor     the API caller's subject (e.g. {@code owner@acme.test}), or a
     *                  {@code system}... name for work no caller asked for
     * @param requestId the {@code X-Request-Id} of the request that asked for the change, or null
     */
    public record Attribution(String actor, String requestId) {
        public Attribution {
            java.util.Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * The attribution of the current request: its caller's subject ({@link #SYSTEM_ACTOR} without
     * one) and its request id (null outside a request).
     */
    public Attribution current() {
        return new Attribution(guard.currentCaller().map(Caller::subject).orElse(SYSTEM_ACTOR), requestId());
    }

    /** {@link #recordAll(String, long, List, Attribution)} attributed to the current request. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(String account, long revision, List<Change> changes) {
        recordAll(account, revision, changes, current());
    }

    /**
     * Appends one entry per change, in list order, exactly as that many {@link #record} calls
     * would (same sequence numbers, same hash chain, so {@link #verify} holds), but written with
     * a few multi-row statements instead of one insert per entry: for bulk changes such as an
     * LDAP sync run of 100,000 users. The entries share one time ({@code occurredAt}), the
     * actor and the request id. Same preconditions as {@link #record}: inside the change's
     * transaction, after the account row lock.
     *
     * @param revision the account revision the changes wrote
     * @param by       the actor and request id every entry names
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(String account, long revision, List<Change> changes, Attribution by) {
        if (changes.isEmpty()) {
            return;
        }
        em.flush(); // entries record() left pending must be rows before the chain continues
        Object[] last = last(account);
        long seq = last == null ? 1 : (Long) last[0] + 1;
        String previous = last == null ? GENESIS : (String) last[1];
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = by.actor();
        String requestId = by.requestId();
        // Each entry's content does not depend on the chain, so it is serialised in parallel;
        // only the hashes, each over the previous one, are computed in order.
        long first = seq;
        List<AuditEntryEntity> entries = IntStream.range(0, changes.size()).parallel()
                .mapToObj(i -> entry(account, revision, changes.get(i), first + i, now, actor, requestId)).toList();
        List<String> contents = entries.parallelStream().map(this::content).toList();
        for (int i = 0; i < entries.size(); i++) {
            AuditEntryEntity entry = entries.get(i);
            entry.prevHash = previous;
            entry.hash = sha256(previous + contents.get(i));
            previous = entry.hash;
        }
        em.unwrap(Session.class).doWork(connection -> BulkRows.update(connection,
                "INSERT INTO audit_log (account_id, occurred_at, actor, request_id, revision, seq, action, target, "
                        + "before_json, after_json, prev_hash, hash) "
                        + "SELECT ?::text, ?::timestamptz, ?::text, ?::text, ?::int8, v.* FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[]) AS v",
                java.util.Arrays.asList(account, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), actor, requestId, revision),
                entries,
                List.of(new BulkRows.Column<AuditEntryEntity>("int8", e -> e.seq), BulkRows.Column.text(e -> e.action),
                        BulkRows.Column.text(e -> e.target), BulkRows.Column.text(e -> e.beforeJson),
                        BulkRows.Column.text(e -> e.afterJson), BulkRows.Column.text(e -> e.prevHash),
                        BulkRows.Column.text(e -> e.hash))));
    }

    private Object[] last(String account) {
        return em.createQuery(
                        "select e.seq, e.hash from AuditEntryEntity e where e.accountId = ?1 order by e.seq desc", Object[].class)
                .setParameter(1, account).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    private static String requestId() {
        Object requestId = MDC.get("requestId");
        return requestId == null ? null : requestId.toString();
    }

    /**
     * The entry without its place in the chain ({@code prevHash}, {@code hash}); {@code occurredAt}
     * in microseconds, as PostgreSQL keeps it (the hash covers what the row holds).
     */
    private AuditEntryEntity entry(String account, long revision, Change change, long seq, Instant occurredAt,
                                   String actor, String requestId) {
        AuditEntryEntity entry = new AuditEntryEntity();
        entry.accountId = account;
        entry.seq = seq;
        entry.occurredAt = occurredAt;
        entry.actor = actor;
        entry.action = change.action();
        entry.target = change.target();
        entry.beforeJson = change.before() == null ? null : CanonicalJson.of(json.valueToTree(change.before()));
        entry.afterJson = change.after() == null ? null : CanonicalJson.of(json.valueToTree(change.after()));
        entry.requestId = requestId;
        entry.revision = revision;
        return entry;
    }

    /** Entries after sequence number {@code after}, oldest first (newest last). */
    @Transactional
    public Page<AuditEntryResponse> list(String account, long after, int limit) {
        List<AuditEntryEntity> rows = AuditEntryEntity.<AuditEntryEntity>find(
                "accountId = ?1 and seq > ?2 order by seq", account, after).page(0, limit + 1).list();
        return Page.of(rows.stream().map(this::view).toList(), limit, e -> Long.toString(e.id()));
    }

    /**
     * Recomputes the account's chain from the first entry: every entry's {@code prev_hash} must be
     * the previous entry's hash, its hash must match its content, and sequence numbers must not skip.
     */
    @Transactional
    public AuditVerification verify(String account) {
        List<AuditEntryEntity> rows = AuditEntryEntity.<AuditEntryEntity>find(
                "accountId = ?1 order by seq", account).list();
        String previous = GENESIS;
        long expectedSeq = 1;
        for (AuditEntryEntity row : rows) {
            if (row.seq != expectedSeq || !row.prevHash.equals(previous) || !row.hash.equals(hash(row))) {
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

    private String hash(AuditEntryEntity e) {
        return sha256(e.prevHash + content(e));
    }

    /** The canonical JSON an entry's hash covers after the previous hash: everything but the chain. */
    private String content(AuditEntryEntity e) {
        ObjectNode node = json.createObjectNode();
        node.put("account", e.accountId);
        node.put("seq", e.seq);
        node.put("occurredAt", e.occurredAt.toString());
        node.put("actor", e.actor);
        node.put("action", e.action);
        node.put("target", e.target);
        node.set("before", tree(e.beforeJson));
        node.set("after", tree(e.afterJson));
        node.put("requestId", e.requestId);
        node.put("revision", e.revision);
        return CanonicalJson.of(node);
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            // a row edited into invalid JSON: hash the raw text so the chain breaks here, loudly
            return json.getNodeFactory().textNode("invalid-json:" + text);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private AuditEntryResponse view(AuditEntryEntity e) {
        return new AuditEntryResponse(e.seq, e.occurredAt, e.actor, e.action, e.target,
                tree(e.beforeJson), tree(e.afterJson), e.requestId, e.revision, e.prevHash, e.hash);
    }
}
