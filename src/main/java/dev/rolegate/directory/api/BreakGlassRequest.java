package dev.rolegate.directory.api;

/**
 * Body of {@code PUT .../users/{user}/break-glass/{role}}.
 *
 * @param reason    why the emergency access is needed (required, recorded in the audit log)
 * @param expiresAt RFC 3339 end of the assignment; optional, at most (and by default) the
 *                  configured maximum from now (4 hours)
 */
public record BreakGlassRequest(String reason, String expiresAt) {
}
