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
 * before it binds. Any failure is a {@link TlsFailure}: a connection that cannot be secured is
 * never used for the bind.
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
        TlsFailure failure = new TlsFailure(message);
        if (cause != null) {
            failure.initCause(cause);
        }
        return new LDAPException(ResultCode.CONNECT_ERROR, message, failure);
    }
}
