package dev.rolegate.change;

/**
 * CDI event fired inside every unit of work when its revision is allocated. Observers that must
 * only see committed changes use {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}.
 *
 * @param account  the account id
 * @param revision the revision the write produced
 */
public record AccountChanged(String account, long revision) {
}
