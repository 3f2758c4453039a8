package dev.rolegate.sso.saml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated SAML login: what the service may trust after {@link SamlResponseValidator} has
 * accepted a response. Every value comes from the one assertion the signature covers.
 *
 * <p>{@link #toString()} shows identifiers only, never the NameID or attribute values, so a
 * login logged by accident leaks no personal data.
 *
 * @param nameId the Subject's NameID value, complete (text split by comments is joined)
 * @param nameIdFormat the NameID Format; {@code urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified}
 *     when the IdP sent none (SAML 2.0 Core §2.2.2)
 * @param idpEntityId the Issuer, equal to the IdP metadata's entityID
 * @param assertionId the Assertion ID (already recorded by the replay guard)
 * @param sessionIndex the AuthnStatement's SessionIndex, for single logout
 * @param sessionNotOnOrAfter the AuthnStatement's SessionNotOnOrAfter: the IdP's bound on the
 *     session this login may open
 * @param attributes attribute Name (not FriendlyName) to its values in document order; an
 *     attribute sent twice has its values merged; unmodifiable
 * @param authnInstant when the IdP authenticated the user
 * @param inResponseTo the AuthnRequest ID this login answers; empty for IdP-initiated login
 */
public record SamlLogin(
        String nameId,
        String nameIdFormat,
        String idpEntityId,
        String assertionId,
        Optional<String> sessionIndex,
        Optional<Instant> sessionNotOnOrAfter,
        Map<String, List<String>> attributes,
        Instant authnInstant,
        Optional<String> inResponseTo) {

    /** SAML 2.0 Core §8.3.1: the NameID format in effect when none is given. */
    public static final String UNSPECIFIED_NAME_ID_FORMAT =
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    public SamlLogin {
        Objects.requireNonNull(nameId, "nameId");
        Objects.requireNonNull(nameIdFormat, "nameIdFormat");
        Objects.requireNonNull(idpEntityId, "idpEntityId");
        Objects.requireNonNull(assertionId, "assertionId");
        Objects.requireNonNull(sessionIndex, "sessionIndex");
        Objects.requireNonNull(sessionNotOnOrAfter, "sessionNotOnOrAfter");
        Objects.requireNonNull(authnInstant, "authnInstant");
        Objects.requireNonNull(inResponseTo, "inResponseTo");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /** The values of one attribute by its Name; empty when the IdP did not send it. */
    public List<String> attribute(String name) {
        return attributes.getOrDefault(name, List.of());
    }

    /** The first value of one attribute by its Name, if any. */
    public Optional<String> firstAttribute(String name) {
        return attribute(name).stream().findFirst();
    }

    @Override
    public String toString() {
        return "SamlLogin[idpEntityId=" + idpEntityId + ", assertionId=" + assertionId
                + ", nameIdFormat=" + nameIdFormat + ", attributes=" + attributes.keySet().size()
                + " names, inResponseTo=" + inResponseTo.orElse("-") + "]";
    }
}
