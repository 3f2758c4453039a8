package dev.rolegate.scim.api;

import java.time.Instant;

/**
 * One SCIM token in {@code GET /v1/accounts/{account}/scim/tokens}: never the token nor its digest.
 *
 * @param id         the token's id
 * @param createdAt  when it was created
 * @param lastUsedAt when it last authenticated a SCIM request (to the minute), null if never
 */
public record ScimTokenResponse(String id, Instant createdAt, Instant lastUsedAt) {
}
