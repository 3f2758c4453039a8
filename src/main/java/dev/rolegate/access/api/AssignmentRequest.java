package dev.rolegate.access.api;

/**
 * Optional body of {@code PUT .../users/{user}/roles/{role}} and {@code .../groups/{group}/roles/{role}}.
 *
 * @param validFrom RFC 3339 date-time from which the assignment is in force, or null for now
 * @param expiresAt RFC 3339 date-time at which it stops being in force, or null for never
 */
public record AssignmentRequest(String validFrom, String expiresAt) {
}
