package dev.rolegate.ldapsync;

import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.unboundid.UnboundIdDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one place that picks the LDAP adapter. */
@ApplicationScoped
public class LdapWiring {

    @Produces
    @ApplicationScoped
    LdapDirectory directory() {
        return new UnboundIdDirectory();
    }

    @Produces
    @ApplicationScoped
    LdapClientOptions clientOptions() {
        return LdapClientOptions.defaults();
    }
}
