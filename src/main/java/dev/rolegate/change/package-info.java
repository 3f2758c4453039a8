/**
 * The write path of an account and its output (issue 12 items 1, 2, 6): the one
 * {@link dev.rolegate.change.UnitOfWork} through which every writer changes an account (one
 * revision per transaction, typed {@link dev.rolegate.change.Change} items, audit entries from
 * them, the {@link dev.rolegate.change.AccountInvariant}s once), the catalogue of audit actions
 * ({@link dev.rolegate.change.Action}) and the change feed read from the records the unit of work
 * writes ({@code /v1/accounts/{a}/changes}, {@code .../changes/watch}). Depends on
 * {@code platform}, {@code engine} (names), {@code audit} (the log it appends to) and
 * {@code token} (the feed's declarations); {@code check} tells it of revisions heard through
 * LISTEN/NOTIFY ({@link dev.rolegate.change.RevisionHeard}). The features that write depend on
 * it, never the other way round.
 */
package dev.rolegate.change;
