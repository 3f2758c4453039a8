package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import javax.net.ssl.SSLContext;

/**
 * Upgrades each new pooled connection with the StartTLS extended operation (RFC 4511 §4.14)
 * before it binds. A connection that cannot be secured is never used for the bind. A failure once
 * the server answered the request (a refusal, or a handshake or hostname failure after its
 * success response) is a {@link TlsFailure} after an LDAP answer; a request that got no LDAP
 * answer at all fails as the library reported it, as any host that is not an LDAP server.
 *
 * <p>The server's identity is checked inside the upgrade: UnboundID's connection reader runs the
 * handshake and then the connection options' {@code SSLSocketVerifier} ({@link HostnameCheck})
 * on the new socket before the StartTLS call returns; a mismatch fails the call. The result is
 * deliberately not re-checked through {@code LDAPConnection.getSSLSession()}: the reader thread
 * publishes the TLS socket to the connection a moment after the StartTLS call returns, so that
 * session can still be absent (the plain socket), which failed good connections under load
 * with "certificate does not name localhost".
 */
final class StartTls implements PostConnectProcessor {

    private final SSLContext context;
    private final String host;
    private final int port;

    StartTls(SSLContext context, String host, int port) {
        this.context = context;
        this.host = host;
        this.port = port;
    }

    @Override
    public void processPreAuthenticatedConnection(LDAPConnection connection) throws LDAPException {
        ExtendedResult result;
        try {
            result = connection.processExtendedOperation(new StartTLSExtendedRequest(context));
        } catch (LDAPException e) {
            if (!LdapErrors.hasTlsCause(e) && ResultCode.isClientSideResultCode(e.getResultCode())) {
                // no StartTLS response at all (refused, timed out, closed, not LDAP): the host
                // never answered as an LDAP server, which LdapErrors reports as one thing
                throw e;
            }
            // the server answered StartTLS (the handshake starts only after its success response)
            throw tls("StartTLS with " + host + ":" + port + " failed: " + e.getExceptionMessage(), e);
        }
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw tls("the server refused StartTLS: " + result.getResultCode()
                    + (result.getDiagnosticMessage() == null ? "" : " (" + result.getDiagnosticMessage() + ")"), null);
        }
    }

    @Override
    public void processPostAuthenticatedConnection(LDAPConnection connection) {
        // nothing: TLS is in place before the bind
    }

    private static LDAPException tls(String message, LDAPException cause) {
        TlsFailure failure = new TlsFailure(message, true);
        if (cause != null) {
            failure.initCause(cause);
        }
        return new LDAPException(ResultCode.CONNECT_ERROR, message, failure);
    }
}
