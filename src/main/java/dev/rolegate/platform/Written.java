package dev.rolegate.platform;

/**
 * The outcome of a write use case: what was written, the account's new revision, and whether
 * the write created the resource (201) or changed an existing one (200).
 */
public record Written<T>(T value, long revision, boolean created) {
}
