package dev.rolegate.ldapsync;

import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.unboundid.UnboundIdDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one place that picks the LDAP adapter. */
@ApplicationScoped
public class LdapWiring {

    @Produces
    @Singleton
    LdapDirectory directory() {
        return new UnboundIdDirectory();
    }

    @Produces
    @Singleton
    LdapClientOptions clientOptions() {
        return LdapClientOptions.defaults();
    }
}
