package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.Secret;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Maps UnboundID failures onto {@link LdapFailure} codes (result codes of RFC 4511 §4.1.9 and
 * Appendix A; client-side codes of the SDK). Every message passes through
 * {@link Secret#redact}, a last guard: the bind password is never written into one by this
 * code, and a server's diagnostic text must not smuggle it out either.
 */
final class LdapErrors {

    private LdapErrors() {
    }

    /**
     * @param doing  what we were doing, e.g. "connecting to ldap.example.test:636"
     * @param secret the bind password, to redact
     */
    static LdapException map(LDAPException e, String doing, Secret secret) {
        ResultCode code = e.getResultCode();
        LdapFailure failure;
        String what;
        if (isTls(e)) {
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
                || code == ResultCode.TIMEOUT || code == ResultCode.TIME_LIMIT_EXCEEDED) {
            failure = LdapFailure.UNAVAILABLE;
            what = "the directory is unavailable while " + doing + " (" + code.getName() + ")";
        } else {
            failure = LdapFailure.SEARCH_FAILED;
            what = "the directory answered an error while " + doing + " (" + code.getName() + ")";
        }
        String diagnostic = e.getDiagnosticMessage();
        if (failure != LdapFailure.TLS_FAILED && diagnostic != null && !diagnostic.isBlank()) {
            what += ": " + diagnostic;
        } else if (failure == LdapFailure.UNAVAILABLE) {
            what += ": " + rootMessage(e);
        }
        return new LdapException(failure, secret.redact(what), e);
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException || t instanceof GeneralSecurityException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message (e.g. "Connection refused"), without the SDK's nested wrappers. */
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
