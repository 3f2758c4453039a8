package dev.rolegate.change;

import java.util.List;

/**
 * A rule every state of an account obeys (at least one active owner; no role inheritance cycle),
 * checked by the {@link UnitOfWork} once per transaction, after the work's rows are flushed and
 * before its audit entries and change record are written. Implementations are CDI beans of the
 * feature that owns the rule; the unit of work finds every one.
 *
 * <p>The writer still holds the account row lock while this runs, so the committed state of the
 * account is the state before the work: an invariant that needs "before" reads it on a session
 * of its own.
 */
public interface AccountInvariant {

    /**
     * Refuses the work by throwing (a {@code ProblemException}, which rolls it back whole).
     *
     * @param account the account the work changed
     * @param changes the work's change items, in order (to skip a check no item can affect)
     */
    void check(String account, List<Change> changes);
}
