package dev.rolegate.change;

import dev.rolegate.platform.Attribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One open unit of work on one account (see {@link UnitOfWork}): its revision, and what the
 * writer records of its change as it goes. Not thread-safe: used by the transaction's thread.
 */
public final class Work {

    /** An audit entry to append: the action, its target, and the shapes it shows. */
    record Entry(Action action, String target, Object before, Object after, int changeIndex) {
    }

    private final String account;
    private final long revision;
    private final Attribution by;
    private final List<Change> changes = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private boolean finished;
    private boolean dryRun;
    private Impact impact;

    Work(String account, long revision, Attribution by) {
        this.account = account;
        this.revision = revision;
        this.by = by;
    }

    /** The account this work changes. */
    public String account() {
        return account;
    }

    /** The revision this work writes: the one the write's response carries. */
    public long revision() {
        return revision;
    }

    /** Who the work's audit entries and change record name. */
    public Attribution by() {
        return by;
    }

    /** Records a change item and its audit entry, which shows the item's before and after. */
    public void record(Change change) {
        entries.add(new Entry(change.action(), change.key(), change.before(), change.after(), add(change)));
    }

    /** {@link #record(Change)} for each, in order: for bulk writers (an LDAP sync run, an import). */
    public void recordAll(List<Change> all) {
        all.forEach(this::record);
    }

    /**
     * Records a change item whose audit entry shows other states than the item's wire shapes:
     * a break-glass grant's reason, the summary of an account's creation, the SAML settings' IdP
     * rather than its whole metadata.
     */
    public void record(Change change, Object auditBefore, Object auditAfter) {
        add(change);
        entries.add(new Entry(change.action(), change.key(), auditBefore, auditAfter, -1));
    }

    /**
     * Records a change item without an audit entry of its own, for changes that another entry of
     * the work sums up: the rows a template gives a new account ({@code account.create}), the
     * user row a SAML login creates or refreshes ({@code sso.login}).
     */
    public void recordWithoutEntry(Change change) {
        add(change);
    }

    /** Appends an audit entry for an event of the catalogue (not a change of the model). */
    public void note(Action event, String target, Object detail) {
        if (!event.isEvent()) {
            throw new IllegalArgumentException(event + " is a change: record it as one");
        }
        entries.add(new Entry(event, Objects.requireNonNull(target, "target"), null, detail, -1));
    }

    /** The change items recorded so far, in order. */
    public List<Change> changes() {
        return Collections.unmodifiableList(changes);
    }

    List<Entry> entries() {
        return entries;
    }

    private int add(Change change) {
        if (finished) {
            throw new IllegalStateException("the unit of work of revision " + revision + " has ended");
        }
        changes.add(Objects.requireNonNull(change, "change"));
        return changes.size() - 1;
    }

    boolean finished() {
        return finished;
    }

    void finish() {
        finished = true;
    }

    /** Marks this work as a dry run ({@link UnitOfWork#dryRun}): its end computes the impact and writes nothing. */
    void dryRun() {
        dryRun = true;
    }

    boolean isDryRun() {
        return dryRun;
    }

    void impact(Impact impact) {
        this.impact = impact;
    }

    Impact impact() {
        return impact;
    }
}
