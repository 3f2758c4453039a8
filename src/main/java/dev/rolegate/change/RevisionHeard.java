package dev.rolegate.change;

/**
 * CDI event: this replica heard (through LISTEN/NOTIFY) that {@code account} committed
 * {@code revision}, whichever replica wrote it. Fired on the notification thread; observers
 * must not block it.
 */
public record RevisionHeard(String account, long revision) {
}
