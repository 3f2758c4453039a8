package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import dev.rolegate.ldap.InvalidLdapSettingsException;
import dev.rolegate.ldap.LdapDestination;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SettingsProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LdapSettings} with its LDAP syntax parsed by UnboundID: the URL ({@code LDAPURL}), the
 * DNs ({@code DN}, RFC 4514), the filters ({@code Filter}, RFC 4515) and the trusted
 * certificates. Configured filters are used as parsed trees and only ever combined with others
 * through {@code Filter.createANDFilter}, never by string concatenation. Immutable.
 */
final class ParsedSettings {

    final LdapSettings settings;
    final String host;
    final int port;
    final boolean ldaps;
    final DN bindDn;
    final DN userBaseDn;
    final DN groupBaseDn;
    final Filter userFilter;
    final Filter groupFilter;
    final List<X509Certificate> trustedCertificates;
    /** groupRoles keys, parsed. */
    final Map<DN, List<String>> groupRoles;

    private ParsedSettings(LdapSettings settings, String host, int port, boolean ldaps, DN bindDn, DN userBaseDn,
                           DN groupBaseDn, Filter userFilter, Filter groupFilter,
                           List<X509Certificate> trustedCertificates, Map<DN, List<String>> groupRoles) {
        this.settings = settings;
        this.host = host;
        this.port = port;
        this.ldaps = ldaps;
        this.bindDn = bindDn;
        this.userBaseDn = userBaseDn;
        this.groupBaseDn = groupBaseDn;
        this.userFilter = userFilter;
        this.groupFilter = groupFilter;
        this.trustedCertificates = List.copyOf(trustedCertificates);
        this.groupRoles = groupRoles;
    }

    /**
     * Parses everything and reports every problem at once.
     *
     * @throws InvalidLdapSettingsException listing each unparsable field with its JSON pointer
     */
    static ParsedSettings parse(LdapSettings settings) {
        List<SettingsProblem> problems = new ArrayList<>();
        String host = null;
        int port = 0;
        try {
            LDAPURL url = new LDAPURL(settings.url());
            if (!url.hostProvided()) {
                problems.add(new SettingsProblem("/url", "names no host"));
            }
            host = url.getHost();
            port = url.getPort();
            if (url.baseDNProvided() && !url.getBaseDN().isNullDN()) {
                problems.add(new SettingsProblem("/url", "must not carry a base DN; use userBaseDn and groupBaseDn"));
            }
        } catch (LDAPException e) {
            problems.add(new SettingsProblem("/url", "is not an LDAP URL (RFC 4516): " + e.getMessage()));
        }
        DN bindDn = dn(problems, "/bindDn", settings.bindDn());
        DN userBase = dn(problems, "/userBaseDn", settings.userBaseDn());
        DN groupBase = dn(problems, "/groupBaseDn", settings.groupBaseDn());
        Filter userFilter = filter(problems, "/userFilter", settings.userFilter());
        Filter groupFilter = filter(problems, "/groupFilter", settings.groupFilter());
        List<X509Certificate> certificates = new ArrayList<>();
        if (settings.trustedCertificatePem() != null) {
            try {
                Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(settings.trustedCertificatePem().getBytes(StandardCharsets.US_ASCII)));
                for (Certificate certificate : parsed) {
                    certificates.add((X509Certificate) certificate);
                }
                if (certificates.isEmpty()) {
                    problems.add(new SettingsProblem("/trustedCertificatePem", "holds no certificate"));
                }
            } catch (CertificateException e) {
                problems.add(new SettingsProblem("/trustedCertificatePem", "is not a PEM X.509 certificate: " + e.getMessage()));
            }
        }
        Map<DN, List<String>> groupRoles = new LinkedHashMap<>();
        Map<DN, String> spelledAs = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : settings.groupRoles().entrySet()) {
            String pointer = SettingsProblem.pointer("/groupRoles", entry.getKey());
            DN group = dn(problems, pointer, entry.getKey());
            if (group == null) {
                continue;
            }
            String earlier = spelledAs.putIfAbsent(group, entry.getKey());
            if (earlier != null) {
                problems.add(new SettingsProblem(pointer, "names the same group as " + earlier));
                continue;
            }
            groupRoles.put(group, entry.getValue());
        }
        if (!problems.isEmpty()) {
            throw new InvalidLdapSettingsException(problems);
        }
        return new ParsedSettings(settings, host, port, settings.ldaps(), bindDn, userBase, groupBase, userFilter,
                groupFilter, certificates, groupRoles);
    }

    /**
     * Where these settings send the bind password, from this parse: the host and port are the
     * ones {@link ConnectionPools} connects to.
     */
    LdapDestination destination() {
        List<String> anchors = new ArrayList<>();
        for (X509Certificate certificate : trustedCertificates) {
            try {
                anchors.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
            } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("a parsed certificate has no DER encoding", e);
            }
        }
        return new LdapDestination(ldaps ? "ldaps" : "ldap", host, port, bindDn.toNormalizedString(),
                settings.startTls(), settings.allowPlaintext(), anchors);
    }

    private static DN dn(List<SettingsProblem> problems, String pointer, String value) {
        try {
            return new DN(value);
        } catch (LDAPException e) {
            problems.add(new SettingsProblem(pointer, "is not a DN (RFC 4514): " + e.getMessage()));
            return null;
        }
    }

    private static Filter filter(List<SettingsProblem> problems, String pointer, String value) {
        try {
            // A filter must be one parenthesized RFC 4515 filter; UnboundID also accepts a bare
            // "uid=x", which is fine, and rejects trailing text such as "(a=b)(c=d)".
            return Filter.create(value);
        } catch (LDAPException e) {
            problems.add(new SettingsProblem(pointer, "is not an LDAP filter (RFC 4515): " + e.getMessage()));
            return null;
        }
    }
}
