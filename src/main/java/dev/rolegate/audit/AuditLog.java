package dev.rolegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.audit.api.AuditEntryResponse;
import dev.rolegate.platform.CanonicalJson;
import dev.rolegate.audit.api.AuditVerification;
import dev.rolegate.audit.store.AuditEntryEntity;
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
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
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

    /** Actor of changes made without an API caller (an identity source, a scheduled sync). */
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
        recordAll(account, revision, List.of(new Change(action, target, before, after)));
    }

    /**
     * One change for {@link #recordAll}, with the meaning of the parameters of {@link #record}.
     *
     * @param action what happened
     * @param target what it happened to
     * @param before the state before, or null
     * @param after  the state after, or null
     */
    public record Change(String action, String target, Object before, Object after) {
    }

    /**
     * Appends one entry per change, in order, for a change of {@code account} made in the current
     * transaction (a bulk write such as an import): like {@link #record} for each, but the chain's
     * head is read once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(String account, long revision, List<Change> changes) {
        Object[] last = em.createQuery(
                        "select e.seq, e.hash from AuditEntryEntity e where e.accountId = ?1 order by e.seq desc", Object[].class)
                .setParameter(1, account).setMaxResults(1).getResultStream().findFirst().orElse(null);
        long seq = last == null ? 0 : (Long) last[0];
        String prevHash = last == null ? GENESIS : (String) last[1];
        // PostgreSQL keeps microseconds: hash what the row will hold
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = guard.currentCaller().map(Caller::subject).orElse(SYSTEM_ACTOR);
        Object requestId = MDC.get("requestId");
        for (Change change : changes) {
            AuditEntryEntity entry = new AuditEntryEntity();
            entry.accountId = account;
            entry.seq = ++seq;
            entry.prevHash = prevHash;
            entry.occurredAt = occurredAt;
            entry.actor = actor;
            entry.action = change.action();
            entry.target = change.target();
            JsonNode before = change.before() == null ? json.nullNode() : json.valueToTree(change.before());
            JsonNode after = change.after() == null ? json.nullNode() : json.valueToTree(change.after());
            entry.beforeJson = change.before() == null ? null : CanonicalJson.of(before);
            entry.afterJson = change.after() == null ? null : CanonicalJson.of(after);
            entry.requestId = requestId == null ? null : requestId.toString();
            entry.revision = revision;
            // the trees in hand hash the same as the stored text read back (canonical JSON)
            entry.hash = hash(entry, before, after);
            entry.persist();
            prevHash = entry.hash;
        }
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
        return hash(e, tree(e.beforeJson), tree(e.afterJson));
    }

    private String hash(AuditEntryEntity e, JsonNode before, JsonNode after) {
        ObjectNode node = json.createObjectNode();
        node.put("account", e.accountId);
        node.put("seq", e.seq);
        node.put("occurredAt", e.occurredAt.toString());
        node.put("actor", e.actor);
        node.put("action", e.action);
        node.put("target", e.target);
        node.set("before", before);
        node.set("after", after);
        node.put("requestId", e.requestId);
        node.put("revision", e.revision);
        return sha256(e.prevHash + CanonicalJson.of(node));
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
