package dev.rolegate.ops;

import java.util.HashMap;
import java.util.Map;

/** Bodies of {@code PUT /v1/accounts/{a}/directory/ldap} for the ops tests. */
public final class LdapBodies {

    private LdapBodies() {
    }

    /**
     * Settings for a plain-LDAP directory laid out as {@code ldap/directory.ldif}
     * ({@code ou=people} and {@code ou=groups} under {@code dc=example,dc=test}, inetOrgPerson and
     * groupOfNames), with no group → role mappings.
     */
    public static Map<String, Object> settings(String url, String bindDn, String bindPassword) {
        Map<String, Object> s = new HashMap<>();
        s.put("url", url);
        s.put("allowPlaintext", true);
        s.put("bindDn", bindDn);
        s.put("bindPassword", bindPassword);
        s.put("userBaseDn", "ou=people,dc=example,dc=test");
        s.put("userFilter", "(objectClass=inetOrgPerson)");
        s.put("groupBaseDn", "ou=groups,dc=example,dc=test");
        s.put("groupFilter", "(objectClass=groupOfNames)");
        s.put("membership", "member");
        s.put("attributes", Map.of("id", "entryUUID", "userId", "uid", "email", "mail", "displayName", "displayName"));
        s.put("maxRemovalPercent", 100);
        return s;
    }
}
