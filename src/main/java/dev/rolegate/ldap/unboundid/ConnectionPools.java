package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds one account's connection pool.
 *
 * <ul>
 *   <li>TLS: {@code ldaps://} wraps the socket from the first byte; {@code startTls} upgrades a
 *       plain connection before the bind ({@link StartTls}); plain only when the settings allow
 *       it. Trust is the configured CA certificates (an in-memory PKIX trust store, so the PEM
 *       never touches the disk) or the JVM's CAs; the hostname is always verified
 *       ({@link HostnameCheck}).</li>
 *   <li>Timeouts: connect and response timeouts from {@link LdapClientOptions}; an operation
 *       that times out is abandoned.</li>
 *   <li>Referrals (RFC 4511 §4.1.10) are not followed: following one would send our bind to a
 *       server the admin never configured.</li>
 *   <li>Health: a connection is checked (rootDSE read) when checked out, after an exception,
 *       and in the background; broken ones are closed and replaced. A single operation run
 *       through the pool that failed on a broken connection is retried once on a fresh one; a
 *       paged search, which holds one connection for all its pages, fails instead, and the run
 *       fails with it (changing nothing).</li>
 * </ul>
 */
final class ConnectionPools {

    private ConnectionPools() {
    }

    static LDAPConnectionPool open(ParsedSettings settings, LdapClientOptions options) throws LdapException {
        String where = settings.host + ":" + settings.port;
        SSLUtil ssl = null;
        if (settings.ldaps || settings.settings.startTls()) {
            try {
                ssl = new SSLUtil(trustManager(settings));
            } catch (GeneralSecurityException e) {
                throw new LdapException(LdapFailure.TLS_FAILED, "cannot build a trust store from trustedCertificatePem: "
                        + e.getMessage(), e);
            }
        }
        LDAPConnectionOptions connection = new LDAPConnectionOptions();
        connection.setConnectTimeoutMillis(Math.toIntExact(options.connectTimeout().toMillis()));
        connection.setResponseTimeoutMillis(options.responseTimeout().toMillis());
        connection.setAbandonOnTimeout(true);
        connection.setFollowReferrals(false);
        connection.setUseKeepAlive(true);
        connection.setSSLSocketVerifier(new HostnameCheck());

        byte[] password = settings.settings.bindPassword().utf8();
        try {
            ServerSet servers;
            PostConnectProcessor postConnect = null;
            if (settings.ldaps) {
                servers = new SingleServerSet(settings.host, settings.port, ssl.createSSLSocketFactory(), connection);
            } else {
                servers = new SingleServerSet(settings.host, settings.port, connection);
                if (settings.settings.startTls()) {
                    postConnect = new StartTls(ssl.createSSLContext(), settings.host, settings.port);
                }
            }
            long checkMillis = options.responseTimeout().toMillis();
            GetEntryLDAPConnectionPoolHealthCheck health = new GetEntryLDAPConnectionPoolHealthCheck(
                    "", checkMillis, false, false, true, false, true, true);
            // The bind request keeps its own copy (it may not copy the array) for reconnects;
            // ours is wiped below.
            SimpleBindRequest bind = new SimpleBindRequest(settings.bindDn, password.clone());
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, options.maxConnections(), 1,
                    postConnect, true, health);
            pool.setConnectionPoolName("rolegate-ldap " + where);
            pool.setHealthCheckIntervalMillis(options.healthCheckInterval().toMillis());
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setMaxWaitTimeMillis(options.responseTimeout().toMillis());
            pool.setCreateIfNecessary(true);
            return pool;
        } catch (GeneralSecurityException e) {
            throw new LdapException(LdapFailure.TLS_FAILED, "cannot set up TLS for " + where + ": " + e.getMessage(), e);
        } catch (LDAPException e) {
            throw LdapErrors.map(e, "connecting to " + where + " and binding as " + settings.bindDn,
                    settings.settings.bindPassword());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static TrustManager trustManager(ParsedSettings settings) throws GeneralSecurityException {
        if (settings.trustedCertificates.isEmpty()) {
            return JVMDefaultTrustManager.getInstance();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty trust store", e);
        }
        int i = 0;
        for (X509Certificate certificate : settings.trustedCertificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return manager;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager for PKIX");
    }
}
