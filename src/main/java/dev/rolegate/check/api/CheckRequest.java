package dev.rolegate.check.api;

/**
 * One check: may {@code subject} perform {@code operation} (or hold {@code permission})?
 * Exactly one of {@code operation} and {@code permission}.
 *
 * @param subject         the user id being checked
 * @param operation       an operation name
 * @param permission      a permission name
 * @param explain         true to return the path that allowed or what is missing
 * @param atLeastRevision answer from data at this revision or newer (consistency token)
 */
public record CheckRequest(String subject, String operation, String permission, Boolean explain, Long atLeastRevision) {
}
