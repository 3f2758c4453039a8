package dev.rolegate.sso.saml;

import java.time.Instant;

/**
 * An AuthnRequest ready to send to the IdP through the binding its metadata asks for
 * (SAML 2.0 Profiles §4.1.4.1). The service remembers {@link #requestId()} as an outstanding
 * request of the account, for the InResponseTo check of the answer.
 */
public sealed interface AuthnRequestMessage permits AuthnRequestRedirect, AuthnRequestForm {

    /** The AuthnRequest ID: 160 random bits, an xs:ID (SAML 2.0 Core §1.3.4). */
    String requestId();

    /** The AuthnRequest IssueInstant. */
    Instant issueInstant();
}
