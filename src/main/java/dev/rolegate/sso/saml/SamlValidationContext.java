package dev.rolegate.sso.saml;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link SamlResponseValidator} needs to know about one account and one moment to
 * judge a response. Immutable; build one per response.
 *
 * @param spEntityId this account's SP entityID: the Audience every assertion must name
 *     (SAML 2.0 Core §2.5.1.4)
 * @param acsUrl this account's assertion consumer service URL, exactly as published in the SP
 *     metadata: the Response Destination and the bearer Recipient must equal it
 *     (Profiles §4.1.4.2, Bindings §3.5.5.2)
 * @param idp the account's IdP: its entityID is the only accepted Issuer, its signing
 *     certificates the only accepted keys (never a key from the message's KeyInfo)
 * @param decryptionKeys the account's SP keys for {@code EncryptedAssertion}s, current and
 *     previous (rollover); empty when the account has none, and then an encrypted assertion is
 *     refused as {@code encrypted_not_supported}
 * @param allowSha1 accept RSA-SHA1 / ECDSA-SHA1 signatures and SHA-1 digests (account opt-in
 *     for legacy IdPs; off by default)
 * @param allowIdpInitiated accept a response with no InResponseTo (IdP-initiated login,
 *     Profiles §4.1.5; account opt-in, off by default)
 * @param clockSkew tolerance applied to every NotBefore / NotOnOrAfter, between zero and
 *     {@link #MAX_CLOCK_SKEW}; {@link #DEFAULT_CLOCK_SKEW} unless configured
 * @param now the instant of judgement, from the service's injected clock
 * @param outstandingRequests the account's AuthnRequests awaiting an answer
 * @param replayGuard the account's record of assertion IDs already consumed
 */
public record SamlValidationContext(
        String spEntityId,
        String acsUrl,
        IdpMetadata idp,
        List<SpKey> decryptionKeys,
        boolean allowSha1,
        boolean allowIdpInitiated,
        Duration clockSkew,
        Instant now,
        OutstandingRequests outstandingRequests,
        AssertionReplayGuard replayGuard) {

    /** The default tolerance between the IdP's clock and ours. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** The largest tolerance accepted: beyond it, time windows stop meaning much. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    /** @throws IllegalArgumentException on a blank identifier or a skew out of range */
    public SamlValidationContext {
        Objects.requireNonNull(spEntityId, "spEntityId");
        Objects.requireNonNull(acsUrl, "acsUrl");
        Objects.requireNonNull(idp, "idp");
        decryptionKeys = List.copyOf(decryptionKeys);
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(outstandingRequests, "outstandingRequests");
        Objects.requireNonNull(replayGuard, "replayGuard");
        if (spEntityId.isBlank() || acsUrl.isBlank()) {
            throw new IllegalArgumentException("spEntityId and acsUrl must not be blank");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and " + MAX_CLOCK_SKEW);
        }
    }
}
