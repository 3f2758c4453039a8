package dev.rolegate.access.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One way a role reaches a user or a group ({@code GET .../roles/{role}/members}): a user or
 * group assignment of the role, or a user's membership of a group that is assigned it. A user
 * holding the role both directly and through two groups has three members entries.
 *
 * @param kind      {@code user} or {@code group}
 * @param id        the user or group id
 * @param via       for a user who holds the role through a group: that group's id; omitted for an
 *                  assignment of the member's own
 * @param source    the assignment's source: {@code manual}, {@code saml}, {@code ldap} or {@code template}
 * @param validFrom start of the assignment's validity, omitted when unbounded
 * @param expiresAt end of the assignment's validity, omitted when unbounded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoleMemberResponse(String kind, String id, String via, String source, Instant validFrom, Instant expiresAt) {
}
