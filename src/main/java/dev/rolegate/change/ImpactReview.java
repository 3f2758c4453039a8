package dev.rolegate.change;

/**
 * Computes the {@link Impact} of a unit of work before it commits, for {@link UnitOfWork} (a
 * dry run, or a write with an {@link Expectation}). Implemented above this feature, where the
 * engine's view of an account is ({@code check.ImpactReviewer}), so that the write path need
 * not depend on the snapshot cache.
 */
public interface ImpactReview {

    /**
     * @param account  the account, locked by the caller's transaction
     * @param revision the revision the work writes (the committed one is {@code revision - 1})
     * @param changes  the work's change items as the change record holds them:
     *                 {@code [{"kind","op","key","before","after"}, ...]} (docs/audit.md)
     * @return who gains and who loses what, at the current instant
     */
    Impact review(String account, long revision, String changes);
}
