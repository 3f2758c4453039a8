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

    /** The connection knobs: the timeouts from {@link LdapSyncConfig}, the rest as {@link LdapClientOptions#defaults()}. */
    @Produces
    @Singleton
    LdapClientOptions clientOptions(LdapSyncConfig config) {
        return options(config);
    }

    static LdapClientOptions options(LdapSyncConfig config) {
        LdapClientOptions defaults = LdapClientOptions.defaults();
        return new LdapClientOptions(config.connectTimeout(), config.responseTimeout(), defaults.maxConnections(),
                defaults.healthCheckInterval());
    }
}
