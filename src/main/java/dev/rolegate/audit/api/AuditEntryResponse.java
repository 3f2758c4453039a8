package dev.rolegate.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One audit entry on the wire.
 *
 * @param id        sequence number within the account (1, 2, ...); pass as {@code ?after=} to page
 * @param at        when the change committed its entry (microsecond precision)
 * @param actor     the token subject that made the change, or {@code system}
 * @param action    e.g. {@code role.update}
 * @param target    e.g. {@code role:analyst}
 * @param before    state before the change, or null
 * @param after     state after the change, or null
 * @param requestId the X-Request-Id of the request that made the change
 * @param revision  the account revision the change wrote
 * @param prevHash  hash of the previous entry (64 zeros for the first)
 * @param hash      sha-256 of prevHash and this entry's canonical JSON, hex
 */
public record AuditEntryResponse(long id, Instant at, String actor, String action, String target,
                                 JsonNode before, JsonNode after, String requestId, long revision,
                                 String prevHash, String hash) {
}
