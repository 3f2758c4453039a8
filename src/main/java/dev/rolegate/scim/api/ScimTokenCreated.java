package dev.rolegate.scim.api;

import java.time.Instant;

/**
 * Answer of {@code POST /v1/accounts/{account}/scim/tokens} (201): the only time the token is
 * shown. Give {@code token} to the IdP as its SCIM bearer token; Rolegate keeps only its SHA-256.
 *
 * @param id        the token's id (12 characters {@code a-z2-7}), for listing and revoking
 * @param token     {@code rgscim_<id>_<secret>}, 62 characters
 * @param createdAt when it was created (RFC 3339, UTC)
 */
public record ScimTokenCreated(String id, String token, Instant createdAt) {

    @Override
    public String toString() {
        return "ScimTokenCreated[" + id + "]"; // never the token
    }
}
