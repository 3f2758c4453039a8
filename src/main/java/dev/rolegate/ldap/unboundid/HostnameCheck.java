package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLSocketVerifier;
import javax.net.ssl.SSLSocket;

/**
 * Server identity check (RFC 4513 §3.1.3, RFC 6125): the certificate must name the host we
 * connected to, in a subjectAltName (or, without any, the CN). Delegates to UnboundID's
 * {@link HostNameSSLSocketVerifier} (wildcards allowed in the left-most label) and tags failures
 * as {@link TlsFailure}, not yet after an LDAP answer ({@link StartTls} re-tags the failure of an
 * upgrade). UnboundID runs it on every TLS socket: after the handshake of {@code ldaps://}, and
 * after the handshake of a StartTLS upgrade, before that call returns.
 */
final class HostnameCheck extends SSLSocketVerifier {

    private final HostNameSSLSocketVerifier verifier = new HostNameSSLSocketVerifier(true);

    @Override
    public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
        try {
            verifier.verifySSLSocket(host, port, socket);
        } catch (LDAPException e) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, e.getMessage(), new TlsFailure(e.getMessage(), false));
        }
    }
}
