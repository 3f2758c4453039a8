package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.Secret;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Maps UnboundID failures onto {@link LdapFailure} codes (result codes of RFC 4511 §4.1.9 and
 * Appendix A; client-side codes of the SDK).
 *
 * <p>A failure without an answer from an LDAP server (connection refused, connect or response
 * timeout, the connection closed or broken, an {@code ldaps://} handshake or hostname failure, a
 * peer that sent something that is not LDAP: every client-side result code) is
 * {@code ldap_unavailable} with the one message {@link LdapException#NO_LDAP_ANSWER}, never the network
 * exception's text: telling refused from timed out from TLS would let whoever edits the settings
 * map the network behind the service (issue 11 item 2). The detail goes to the debug log.
 * Once the server answered as an LDAP server (a result code of its own, a StartTLS response),
 * the failure is named: {@code ldap_auth_failed}, {@code ldap_tls_failed}, ...
 *
 * <p>Every message passes through {@link Secret#redact}, a last guard: the bind password is never
 * written into one by this code, and a server's diagnostic text must not smuggle it out either.
 */
final class LdapErrors {

    private static final Logger LOG = Logger.getLogger(LdapErrors.class);

    private LdapErrors() {
    }

    /**
     * @param doing  what we were doing, e.g. "connecting to ldap.example.test:636"
     * @param secret the bind password, to redact
     */
    static LdapException map(LDAPException e, String doing, Secret secret) {
        ResultCode code = e.getResultCode();
        TlsFailure tls = tlsFailure(e);
        if (tls == null || !tls.afterLdapAnswer()) {
            if (tls != null || hasTlsCause(e) || ResultCode.isClientSideResultCode(code)) {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("no LDAP answer while %s (%s): %s", doing, code.getName(), secret.redact(rootMessage(e)));
                }
                return new LdapException(LdapFailure.UNAVAILABLE, LdapException.NO_LDAP_ANSWER, e);
            }
        }
        LdapFailure failure;
        String what;
        if (tls != null) {
            failure = LdapFailure.TLS_FAILED;
            what = "TLS failed while " + doing + ": " + tlsReason(e);
        } else if (code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
            failure = LdapFailure.AUTH_FAILED;
            what = "the server refused the bind DN or password while " + doing + " (" + code.getName() + ")";
        } else if (code == ResultCode.CONFIDENTIALITY_REQUIRED || code == ResultCode.STRONG_AUTH_REQUIRED) {
            failure = LdapFailure.TLS_FAILED;
            what = "the server demands a secure connection while " + doing + " (" + code.getName()
                    + "): use ldaps:// or startTls";
        } else if (!ResultCode.isConnectionUsable(code) || code == ResultCode.UNAVAILABLE || code == ResultCode.BUSY
                || code == ResultCode.TIME_LIMIT_EXCEEDED) {
            failure = LdapFailure.UNAVAILABLE;
            what = "the directory is unavailable while " + doing + " (" + code.getName() + ")";
        } else {
            failure = LdapFailure.SEARCH_FAILED;
            what = "the directory answered an error while " + doing + " (" + code.getName() + ")";
        }
        String diagnostic = e.getDiagnosticMessage();
        if (failure != LdapFailure.TLS_FAILED && diagnostic != null && !diagnostic.isBlank()) {
            what += ": " + diagnostic;
        }
        return new LdapException(failure, secret.redact(what), e);
    }

    /** Whether a TLS or certificate failure is among the causes. */
    static boolean hasTlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException || t instanceof GeneralSecurityException) {
                return true;
            }
        }
        return false;
    }

    /** The outermost {@link TlsFailure} among the causes, or null. */
    private static TlsFailure tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsFailure failure) {
                return failure;
            }
        }
        return null;
    }

    /** The innermost message (e.g. "Connection refused"), without the SDK's nested wrappers; for the log. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static String tlsReason(Throwable e) {
        String reason = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                reason = t.getMessage();
            }
        }
        return reason;
    }
}
