package dev.rolegate.ldap.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.SSLUtil;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An UnboundID {@link InMemoryDirectoryServer} on loopback for tests: seeded from LDIF resources
 * under {@code src/test/resources/ldap/}, a bind DN {@code cn=sync,<base>} with password
 * {@link #PASSWORD}, and optionally StartTLS and LDAPS listeners with a {@link TestCertificates}
 * certificate. Ports are fixed at build time so {@link #restart()} keeps them.
 */
public final class TestDirectory implements AutoCloseable {

    /** The sync account's password in every test directory. */
    public static final String PASSWORD = "sync-Pa55w0rd!";

    private final InMemoryDirectoryServer server;
    private final String base;
    private final int ldapPort;
    private final int ldapsPort;
    private final TestCertificates certificates;

    private TestDirectory(InMemoryDirectoryServer server, String base, int ldapPort, int ldapsPort,
                          TestCertificates certificates) {
        this.server = server;
        this.base = base;
        this.ldapPort = ldapPort;
        this.ldapsPort = ldapsPort;
        this.certificates = certificates;
    }

    public static Builder builder(String base) {
        return new Builder(base);
    }

    /** The running server, to add or modify entries. */
    public InMemoryDirectoryServer server() {
        return server;
    }

    public String base() {
        return base;
    }

    public String bindDn() {
        return "cn=sync," + base;
    }

    /** {@code ldap://localhost:port} (plain, StartTLS-capable when built with TLS). */
    public String ldapUrl() {
        return "ldap://localhost:" + ldapPort;
    }

    /** {@code ldaps://localhost:port}; only when built with TLS. */
    public String ldapsUrl() {
        return "ldaps://localhost:" + ldapsPort;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * Settings for this directory over plain LDAP (allowPlaintext), users under {@code ou=people},
     * groups under {@code ou=groups}, inetOrgPerson / groupOfNames, user id {@code uid}.
     */
    public LdapSettings.Builder settings() {
        return LdapSettings.builder()
                .url(ldapUrl()).allowPlaintext(true)
                .bindDn(bindDn()).bindPassword(Secret.of(PASSWORD))
                .userBaseDn("ou=people," + base).userFilter("(objectClass=inetOrgPerson)")
                .groupBaseDn("ou=groups," + base).groupFilter("(objectClass=groupOfNames)")
                .attributes(new LdapSettings.AttributeMapping("entryUUID", "uid", "mail", "displayName", null));
    }

    /**
     * The body of {@code PUT .../directory/ldap} for this directory, as {@link #settings()}:
     * plain LDAP, {@code member} membership with nesting, {@code entryUUID} ids, {@code uid}
     * user ids; no group roles. A fresh mutable map.
     */
    public Map<String, Object> apiSettings() {
        Map<String, Object> s = new HashMap<>();
        s.put("url", ldapUrl());
        s.put("allowPlaintext", true);
        s.put("bindDn", bindDn());
        s.put("bindPassword", PASSWORD);
        s.put("userBaseDn", "ou=people," + base);
        s.put("userFilter", "(objectClass=inetOrgPerson)");
        s.put("groupBaseDn", "ou=groups," + base);
        s.put("groupFilter", "(objectClass=groupOfNames)");
        s.put("membership", "member");
        s.put("nestedGroups", true);
        s.put("attributes", Map.of("id", "entryUUID", "userId", "uid", "email", "mail", "displayName", "displayName"));
        return s;
    }

    /** Drops every connection, stops listening, and listens again on the same ports. */
    public void restart() throws LDAPException {
        server.shutDown(true);
        server.startListening();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** Builds and starts a test directory. */
    public static final class Builder {
        private final String base;
        private final List<String> ldif = new ArrayList<>();
        private final List<InMemoryOperationInterceptor> interceptors = new ArrayList<>();
        private final List<Attribute> rootDse = new ArrayList<>();
        private boolean schema = true;
        private int maxSizeLimit;
        private TestCertificates certificates;

        private Builder(String base) {
            this.base = base;
        }

        /** Seeds from {@code /ldap/<name>} on the test class path. */
        public Builder ldif(String name) {
            ldif.add(name);
            return this;
        }

        /** Turns schema checking off (for Active Directory look-alike entries). */
        public Builder withoutSchema() {
            schema = false;
            return this;
        }

        /** The server's size limit per search, like AD's MaxPageSize of 1,000. */
        public Builder maxSizeLimit(int limit) {
            maxSizeLimit = limit;
            return this;
        }

        public Builder interceptor(InMemoryOperationInterceptor interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        /** Adds rootDSE attributes, e.g. AD's supportedCapabilities and highestCommittedUSN. */
        public Builder rootDse(Attribute attribute) {
            rootDse.add(attribute);
            return this;
        }

        /** StartTLS on the LDAP port and an LDAPS port, presenting this certificate. */
        public Builder tls(TestCertificates value) {
            certificates = value;
            return this;
        }

        public TestDirectory start() {
            try {
                InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
                config.addAdditionalBindCredentials("cn=sync," + base, PASSWORD);
                if (!schema) {
                    config.setSchema(null);
                }
                if (maxSizeLimit > 0) {
                    config.setMaxSizeLimit(maxSizeLimit);
                }
                interceptors.forEach(config::addInMemoryOperationInterceptor);
                if (!rootDse.isEmpty()) {
                    config.setCustomRootDSEAttributes(rootDse);
                }
                InetAddress loopback = InetAddress.getLoopbackAddress();
                int ldapPort = freePort();
                int ldapsPort = 0;
                if (certificates == null) {
                    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", loopback, ldapPort, null));
                } else {
                    SSLUtil serverSsl = new SSLUtil(certificates.serverKeyManagers(), null);
                    ldapsPort = freePort();
                    config.setListenerConfigs(
                            InMemoryListenerConfig.createLDAPConfig("ldap", loopback, ldapPort,
                                    serverSsl.createSSLSocketFactory()),
                            InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, ldapsPort,
                                    serverSsl.createSSLServerSocketFactory(), null));
                }
                InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
                for (String name : ldif) {
                    try (InputStream in = TestDirectory.class.getResourceAsStream("/ldap/" + name)) {
                        if (in == null) {
                            throw new IllegalArgumentException("no LDIF resource /ldap/" + name);
                        }
                        server.importFromLDIF(false, new LDIFReader(in));
                    }
                }
                server.startListening();
                return new TestDirectory(server, base, ldapPort, ldapsPort, certificates);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test directory", e);
            }
        }
    }

    /** A port that was free a moment ago on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
