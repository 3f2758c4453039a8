package dev.rolegate.ldapsync.api;

import java.util.List;
import java.util.Map;

/** The stored LDAP settings, as PUT names them, never with the bind password. */
public record LdapConfigResponse(String url, boolean startTls, boolean allowPlaintext, String trustedCertificatePem,
                                 String bindDn, String userBaseDn, String userFilter, String groupBaseDn,
                                 String groupFilter, String membership, boolean nestedGroups, LdapAttributes attributes,
                                 Map<String, List<String>> groupRoles, String schedule, String deprovision,
                                 int maxRemovalPercent, int pageSize) {
}
