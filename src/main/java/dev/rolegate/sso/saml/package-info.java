/**
 * The SAML 2.0 service provider core: IdP metadata parsing, AuthnRequests for the HTTP-Redirect
 * and HTTP-POST bindings, SP metadata, and the validation of a {@code <samlp:Response>} that
 * arrives at the assertion consumer service (ACS) through the HTTP-POST binding.
 *
 * <p>This is the only package that may import OpenSAML ({@code org.opensaml.*}), Shibboleth's
 * {@code net.shibboleth.utilities.*} or Apache Santuario ({@code org.apache.xml.security.*}):
 * its public types speak {@code java.*} only (strings, {@link java.time.Instant},
 * {@link java.security.cert.X509Certificate}, records), so the service layer never sees an
 * OpenSAML object. It has no Quarkus, JPA or HTTP types either: state that must outlive a
 * request (outstanding AuthnRequest IDs, assertion IDs already consumed) comes in through the
 * {@link dev.rolegate.sso.saml.OutstandingRequests} and
 * {@link dev.rolegate.sso.saml.AssertionReplayGuard} interfaces, and time through an
 * {@link java.time.Instant} argument; nothing here reads the system clock.
 *
 * <p>Every XML document is parsed through one secure parser pool: no DTD, no external entity,
 * no XInclude, comments dropped, bounded size and element depth. No code here hand-rolls XML
 * signature or canonicalisation; OpenSAML and Santuario do that. {@code docs/saml.md} explains
 * the checks and the attacks each one stops.
 */
package dev.rolegate.sso.saml;
