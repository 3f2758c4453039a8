package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDestination;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapSettings;

/**
 * {@link LdapDirectory} on the UnboundID LDAP SDK. Stateless and thread-safe; the service can
 * hold one instance (an {@code @ApplicationScoped} producer in the wiring).
 */
public final class UnboundIdDirectory implements LdapDirectory {

    @Override
    public void check(LdapSettings settings) {
        ParsedSettings.parse(settings);
    }

    @Override
    public LdapDestination destination(LdapSettings settings) {
        return ParsedSettings.parse(settings).destination();
    }

    @Override
    public DirectoryReader open(LdapSettings settings, LdapClientOptions options) throws LdapException {
        return UnboundIdDirectoryReader.open(settings, options);
    }

    @Override
    public DirectoryDn dn(String dn) {
        try {
            return EntryMapper.dn(dn, new DN(dn));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("not a DN (RFC 4514): " + dn, e);
        }
    }
}
