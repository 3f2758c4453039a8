package dev.rolegate.ldap;

import java.util.Objects;

/**
 * The outcome of {@link SyncPlanner#plan}: either changes to apply, or a refusal with a reason.
 * Sealed, so a caller handles both; an aborted plan carries what it would have done (for the dry
 * run's diff and the run record's error) but nothing to apply.
 */
public sealed interface SyncPlan permits SyncPlan.Ready, SyncPlan.Aborted {

    /** The counters for the run record: the changes' for a ready plan, zeros for an aborted one. */
    SyncCounts counts();

    /**
     * Changes to apply, in one transaction, in the order {@link SyncChanges} documents.
     *
     * @param changes what to do; may be empty
     */
    record Ready(SyncChanges changes) implements SyncPlan {
        public Ready {
            Objects.requireNonNull(changes, "changes");
        }

        @Override
        public SyncCounts counts() {
            return changes.counts();
        }
    }

    /**
     * A refused plan. Apply nothing.
     *
     * @param reason  which safety rule refused it
     * @param message one sentence for the run record's {@code error}, with the numbers
     * @param wouldBe what the plan would have done (empty for {@link AbortReason#INCOMPLETE_READ}),
     *                for display only
     */
    record Aborted(AbortReason reason, String message, SyncChanges wouldBe) implements SyncPlan {
        public Aborted {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(wouldBe, "wouldBe");
        }

        @Override
        public SyncCounts counts() {
            return SyncCounts.NONE;
        }
    }
}
