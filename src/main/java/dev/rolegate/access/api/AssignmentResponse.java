package dev.rolegate.access.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One assignment of a role to a user or group.
 *
 * @param id        the role name
 * @param source    {@code manual}, {@code saml}, {@code ldap} or {@code template}
 * @param validFrom start of validity, omitted when unbounded
 * @param expiresAt end of validity, omitted when unbounded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssignmentResponse(String id, String source, Instant validFrom, Instant expiresAt) {
}
