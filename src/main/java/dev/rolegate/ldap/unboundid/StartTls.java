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
 * before it binds, then checks the server's identity. Any failure is a {@link TlsFailure}: a
 * connection that cannot be secured is never used for the bind.
 */
final class StartTls implements PostConnectProcessor {

    private final SSLContext context;
    private final String host;
    private final int port;
    private final HostnameCheck hostnameCheck;

    StartTls(SSLContext context, String host, int port, HostnameCheck hostnameCheck) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.hostnameCheck = hostnameCheck;
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
        hostnameCheck.verify(host, port, connection.getSSLSession());
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
