package dev.rolegate.ldapsync.api;

import java.util.List;
import java.util.Map;

/** Body of {@code PUT /v1/accounts/{a}/directory/ldap}: the JSON names of issue 6, item 1. */
public record LdapConfigRequest(String url, Boolean startTls, Boolean allowPlaintext, String trustedCertificatePem,
                                String bindDn, String bindPassword, String userBaseDn, String userFilter,
                                String groupBaseDn, String groupFilter, String membership, Boolean nestedGroups,
                                LdapAttributes attributes, Map<String, List<String>> groupRoles, String schedule,
                                String deprovision, Integer maxRemovalPercent, Integer pageSize) {

    @Override
    public String toString() {
        return "LdapConfigRequest[url=" + url + ", bindDn=" + bindDn + ", bindPassword=********]";
    }
}
