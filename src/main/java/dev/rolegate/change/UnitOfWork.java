package dev.rolegate.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.change.store.ChangeRecords;
import dev.rolegate.platform.Attribution;
import dev.rolegate.platform.CanonicalJson;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The one write path of an account (issue 12 item 1). Every writer (the admin API, SAML login,
 * LDAP sync, import, account creation) changes an account inside {@link #in}, which, in the
 * caller's transaction:
 *
 * <ol>
 *   <li>locks the account row and allocates exactly one new revision for the transaction
 *       (a nested {@code in} on the same account joins the open work: one SAML login, one sync
 *       run, one import, one admin call is one revision however many rows it touches);</li>
 *   <li>runs the writer, which records its change as typed {@link Change} items on the
 *       {@link Work};</li>
 *   <li>enforces every {@link AccountInvariant} once, on the state the writer left;</li>
 *   <li>appends the audit entries from those items ({@link AuditLog}), with the
 *       {@link Attribution} the caller handed in, and writes the revision's change record (the
 *       change feed, {@code GET /v1/accounts/{a}/changes});</li>
 *   <li>when the request states an {@link Expectation} ({@value Expectation#HEADER}), computes
 *       the change's {@link Impact} on the engine ({@link ImpactReview}) and refuses the write
 *       with 409 {@code expectation_failed}, the preview in the body, when it breaks it;</li>
 *   <li>returns what the writer returned; its responses carry {@link Work#revision()}.</li>
 * </ol>
 *
 * <p>{@link #dryRun} does all of that but the audit and the change record, returns the impact
 * instead and marks the transaction for rollback: the impact preview.
 *
 * Because revisions are allocated under the row lock and every revision writes its record in
 * its own transaction, the committed records of an account have no gap. Nothing else bumps a
 * revision or writes an audit row (an ArchUnit rule keeps it so). The revision is announced on
 * {@value #CHANNEL} (payload {@code account:revision}, delivered on commit) and as an
 * {@link AccountChanged} event.
 */
@ApplicationScoped
public class UnitOfWork {

    /** The PostgreSQL NOTIFY channel of revision changes; payload {@code account:revision}. */
    public static final String CHANNEL = "rolegate_revisions";

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    AuditLog audit;

    @Inject
    ChangeRecords records;

    @Inject
    @Any
    Instance<AccountInvariant> invariants;

    @Inject
    Event<AccountChanged> announcements;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Instance<ImpactReview> reviews;

    @Inject
    Expectations expectations;

    /**
     * Runs {@code writer} as the transaction's unit of work on {@code account} (or inside the
     * one already open for it).
     *
     * @param by who the audit entries and the change record name (ignored when joining)
     * @return what {@code writer} returned
     * @throws ProblemException 404 {@code account_not_found}; whatever the writer or an
     *         invariant throws (409 {@code last_owner}, 422 {@code role_cycle}), which rolls
     *         the whole transaction back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T in(String account, Attribution by, Function<Work, T> writer) {
        Work open = open(account);
        if (open != null) {
            return writer.apply(open);
        }
        return run(new Work(account, allocate(account), by), writer);
    }

    /**
     * Runs {@code writer} as {@link #in} would, invariants included, and returns who would gain
     * and lose what, instead of committing: the transaction is marked rollback-only, so nothing
     * of it stays (no revision, no audit entry, no change record, no notification). It holds the
     * account lock while it runs, like a write.
     *
     * @throws ProblemException whatever {@link #in} would throw for this writer
     * @throws IllegalStateException when a unit of work on the account is already open
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Impact dryRun(String account, Attribution by, java.util.function.Consumer<Work> writer) {
        if (open(account) != null) {
            throw new IllegalStateException("a dry run cannot join the open unit of work of " + account);
        }
        Work work = new Work(account, allocate(account), by);
        work.dryRun();
        transaction.setRollbackOnly();
        run(work, w -> {
            writer.accept(w);
            return null;
        });
        return work.impact();
    }

    /**
     * {@link #in} for an account whose row the caller has just inserted in this transaction (at
     * revision 1, which this work writes): account creation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T inNewAccount(String account, Attribution by, Function<Work, T> writer) {
        if (open(account) != null) {
            throw new IllegalStateException("account " + account + " already has a unit of work");
        }
        return run(new Work(account, lockedRevision(account), by), writer);
    }

    /**
     * An event that changed nothing (an LDAP sync run that found the directory as it was): its
     * audit entry at the account's current revision, under the row lock, and no new revision,
     * so the account's snapshots stay cached.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long noteUnchanged(String account, Attribution by, Action event, String target, Object detail) {
        Work work = new Work(account, lockedRevision(account), by);
        work.note(event, target, detail);
        audit.append(account, work.revision(), now(), by, entries(work, new String[0], new String[0]));
        return work.revision();
    }

    /**
     * Takes the account row lock for the rest of the transaction without allocating a revision,
     * for a writer that must plan from the state it will write onto (an LDAP sync plans against
     * the account after the slow directory read, then writes through {@link #in}): no other
     * writer can change the account between the plan and the write.
     *
     * @return the account's current (committed) revision
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lock(String account) {
        return lockedRevision(account);
    }

    private <T> T run(Work work, Function<Work, T> writer) {
        transaction.putResource(key(work.account()), work);
        T result = writer.apply(work);
        finish(work);
        return result;
    }

    private Work open(String account) {
        Work work = (Work) transaction.getResource(key(account));
        if (work != null && work.finished()) {
            throw new IllegalStateException("one unit of work per account and transaction: revision "
                    + work.revision() + " of " + account + " has ended");
        }
        return work;
    }

    private static String key(String account) {
        return "rolegate.unit-of-work:" + account;
    }

    private long allocate(String account) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("UPDATE account SET revision = revision + 1 WHERE id = ?1 RETURNING revision")
                .setParameter(1, account).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.accountNotFound(account);
        }
        long revision = rows.get(0).longValue();
        // delivered to every listening replica when (and only if) this transaction commits
        em.createNativeQuery("SELECT pg_notify(?1, ?2)").setParameter(1, CHANNEL)
                .setParameter(2, account + ":" + revision).getSingleResult();
        announcements.fire(new AccountChanged(account, revision));
        return revision;
    }

    private long lockedRevision(String account) {
        List<?> rows = em.createNativeQuery("SELECT revision FROM account WHERE id = ?1 FOR UPDATE")
                .setParameter(1, account).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.accountNotFound(account);
        }
        return ((Number) rows.get(0)).longValue();
    }

    private void finish(Work work) {
        em.flush();
        for (AccountInvariant invariant : invariants) {
            invariant.check(work.account(), work.changes());
        }
        work.finish();
        List<Change> changes = work.changes();
        // each shape is serialised once, in parallel for bulk work; the audit entries and the
        // change record share the strings
        String[] before = new String[changes.size()];
        String[] after = new String[changes.size()];
        IntStream.range(0, changes.size()).parallel().forEach(i -> {
            before[i] = canonical(changes.get(i).before());
            after[i] = canonical(changes.get(i).after());
        });
        String items = itemsJson(changes, before, after);
        Optional<Expectation> expected = expectations.current();
        if (work.isDryRun()) {
            work.impact(review(work, items));
            return;
        }
        if (expected.isPresent()) {
            Impact impact = review(work, items);
            if (!expected.get().heldBy(impact)) {
                throw expectationFailed(expected.get(), impact);
            }
        }
        Instant at = now();
        audit.append(work.account(), work.revision(), at, work.by(), entries(work, before, after));
        records.append(work.account(), work.revision(), at, work.by(), items);
    }

    private Impact review(Work work, String items) {
        if (!reviews.isResolvable()) {
            throw new IllegalStateException("no ImpactReview to preview the change with");
        }
        return reviews.get().review(work.account(), work.revision(), items);
    }

    /** 409 {@code expectation_failed}, with the first page of the preview as member {@code preview}. */
    static ProblemException expectationFailed(Expectation expected, Impact impact) {
        long gaining = impact.users().stream().filter(c -> c.gainsAnything()).count();
        String detail = "This change would change the access of " + impact.users().size() + " user(s) (" + gaining
                + " gaining), which breaks " + Expectation.HEADER + ": " + expected.spelling()
                + "; nothing was written. The preview shows who would gain and lose what.";
        return new ProblemException(new Problem("urn:rolegate:problem:expectation_failed", "Conflict", 409, detail,
                "expectation_failed", List.of(), Map.of("preview", impact.page(null, Page.DEFAULT_LIMIT))));
    }

    private List<AuditLog.Entry> entries(Work work, String[] before, String[] after) {
        List<Work.Entry> entries = work.entries();
        return IntStream.range(0, entries.size()).parallel().mapToObj(i -> {
            Work.Entry e = entries.get(i);
            int c = e.changeIndex();
            return new AuditLog.Entry(e.action().spelling(), e.target(),
                    c >= 0 ? before[c] : canonical(e.before()), c >= 0 ? after[c] : canonical(e.after()));
        }).toList();
    }

    /** The record's {@code changes}: {@code [{"kind","op","key","before","after"}, ...]}. */
    private String itemsJson(List<Change> changes, String[] before, String[] after) {
        List<String> items = IntStream.range(0, changes.size()).parallel().mapToObj(i -> {
            Change c = changes.get(i);
            return "{\"kind\":\"" + c.kind().wireName() + "\",\"op\":\"" + c.op().wireName() + "\",\"key\":" + quoted(c.key())
                    + ",\"before\":" + (before[i] == null ? "null" : before[i])
                    + ",\"after\":" + (after[i] == null ? "null" : after[i]) + "}";
        }).toList();
        StringBuilder out = new StringBuilder(items.stream().mapToInt(String::length).sum() + items.size() + 2).append('[');
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ",").append(items.get(i));
        }
        return out.append(']').toString();
    }

    private String quoted(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String canonical(Object shape) {
        return shape == null ? null : CanonicalJson.of(json.valueToTree(shape));
    }

    /** Microseconds, as PostgreSQL keeps it (the audit hash covers what the row holds). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
