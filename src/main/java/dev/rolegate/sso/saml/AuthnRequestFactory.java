package dev.rolegate.sso.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;

/**
 * Builds the AuthnRequest that starts an SP-initiated login (SAML 2.0 Core §3.4.1, Profiles
 * §4.1.4.1) and encodes it for the binding of the IdP's SingleSignOnService.
 *
 * <p>The request asks for the answer at this account's ACS URL over HTTP-POST, names the SP
 * entityID as Issuer, and lets the IdP choose the NameID format ({@code AllowCreate="true"}, no
 * Format). It is not signed: IdPs accept unsigned requests unless configured otherwise, and
 * the security of the login rests on the signed response. The ID carries 160 random bits.
 *
 * <p>RelayState is limited to {@value #MAX_RELAY_STATE_BYTES} bytes (Bindings §3.4.3, §3.5.3):
 * pass an opaque handle (for example a key under which the service stored the target URL),
 * never the target URL itself.
 *
 * <p>Thread-safe.
 */
public final class AuthnRequestFactory {

    /** Bindings §3.4.3: RelayState MUST NOT exceed 80 bytes. */
    public static final int MAX_RELAY_STATE_BYTES = 80;

    public AuthnRequestFactory() {
        OpenSaml.init();
    }

    /**
     * Builds an AuthnRequest for the binding of the IdP's SingleSignOnService.
     *
     * @param spEntityId this account's SP entityID (the Issuer)
     * @param acsUrl this account's ACS URL (AssertionConsumerServiceURL)
     * @param idp the account's IdP (SSO URL and binding)
     * @param relayState opaque state to get back with the response, at most
     *     {@value #MAX_RELAY_STATE_BYTES} bytes of UTF-8, or empty
     * @param now the IssueInstant
     * @return an {@link AuthnRequestRedirect} or an {@link AuthnRequestForm}
     * @throws IllegalArgumentException when the RelayState is too long or an argument blank
     */
    public AuthnRequestMessage create(String spEntityId, String acsUrl, IdpMetadata idp,
            Optional<String> relayState, Instant now) {
        Objects.requireNonNull(idp, "idp");
        Objects.requireNonNull(relayState, "relayState");
        return switch (idp.ssoBinding()) {
            case HTTP_REDIRECT -> redirect(spEntityId, acsUrl, idp, relayState, now);
            case HTTP_POST -> form(spEntityId, acsUrl, idp, relayState, now);
        };
    }

    /**
     * Builds an AuthnRequest for the HTTP-Redirect binding (Bindings §3.4.4.1): the XML is
     * DEFLATE-compressed (raw, RFC 1951), base64-encoded and URL-encoded into {@code SAMLRequest},
     * appended to the SSO URL's query (which may already hold parameters).
     *
     * @throws IllegalArgumentException when the IdP's SSO binding is not HTTP-Redirect, the
     *     RelayState is too long or an argument blank
     */
    public AuthnRequestRedirect redirect(String spEntityId, String acsUrl, IdpMetadata idp,
            Optional<String> relayState, Instant now) {
        requireBinding(idp, SamlBinding.HTTP_REDIRECT);
        checkRelayState(relayState);
        AuthnRequest request = build(spEntityId, acsUrl, idp, now);
        byte[] xml = OpenSaml.serialize(request).getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(deflate(xml));
        StringBuilder location = new StringBuilder(idp.ssoUrl())
                .append(idp.ssoUrl().indexOf('?') >= 0 ? '&' : '?')
                .append("SAMLRequest=").append(urlEncode(encoded));
        relayState.ifPresent(state -> location.append("&RelayState=").append(urlEncode(state)));
        return new AuthnRequestRedirect(request.getID(), request.getIssueInstant(),
                location.toString());
    }

    /**
     * Builds an AuthnRequest for the HTTP-POST binding (Bindings §3.5.4): the XML base64-encoded,
     * not compressed.
     *
     * @throws IllegalArgumentException when the IdP's SSO binding is not HTTP-POST, the
     *     RelayState is too long or an argument blank
     */
    public AuthnRequestForm form(String spEntityId, String acsUrl, IdpMetadata idp,
            Optional<String> relayState, Instant now) {
        requireBinding(idp, SamlBinding.HTTP_POST);
        checkRelayState(relayState);
        AuthnRequest request = build(spEntityId, acsUrl, idp, now);
        String encoded = Base64.getEncoder().encodeToString(
                OpenSaml.serialize(request).getBytes(StandardCharsets.UTF_8));
        return new AuthnRequestForm(request.getID(), request.getIssueInstant(), idp.ssoUrl(),
                encoded, relayState);
    }

    private static AuthnRequest build(String spEntityId, String acsUrl, IdpMetadata idp,
            Instant now) {
        Objects.requireNonNull(spEntityId, "spEntityId");
        Objects.requireNonNull(acsUrl, "acsUrl");
        Objects.requireNonNull(now, "now");
        if (spEntityId.isBlank() || acsUrl.isBlank()) {
            throw new IllegalArgumentException("spEntityId and acsUrl must not be blank");
        }
        AuthnRequest request = OpenSaml.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(SamlIds.newId());
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setDestination(idp.ssoUrl());
        request.setAssertionConsumerServiceURL(acsUrl);
        request.setProtocolBinding(SamlBinding.HTTP_POST.uri());

        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(spEntityId);
        request.setIssuer(issuer);

        NameIDPolicy policy = OpenSaml.build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setAllowCreate(true);
        request.setNameIDPolicy(policy);
        return request;
    }

    private static void requireBinding(IdpMetadata idp, SamlBinding binding) {
        Objects.requireNonNull(idp, "idp");
        if (idp.ssoBinding() != binding) {
            throw new IllegalArgumentException("the IdP's SingleSignOnService uses "
                    + idp.ssoBinding() + ", not " + binding);
        }
    }

    private static void checkRelayState(Optional<String> relayState) {
        Objects.requireNonNull(relayState, "relayState");
        relayState.ifPresent(state -> {
            if (state.getBytes(StandardCharsets.UTF_8).length > MAX_RELAY_STATE_BYTES) {
                throw new IllegalArgumentException("RelayState is longer than "
                        + MAX_RELAY_STATE_BYTES + " bytes (SAML 2.0 Bindings §3.4.3)");
            }
        });
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory DEFLATE failed", e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
