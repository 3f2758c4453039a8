package dev.rolegate.scim.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /v1/accounts/{account}/scim}; it replaces all three. Unknown members are
 * refused (400), as everywhere in the API.
 *
 * @param groupRoles        group {@code displayName} as the IdP pushes it (1–256 characters, exact)
 *                          → names of roles of the account; at most 1000 groups; null: none
 * @param defaultRoles      names of roles every SCIM user holds; null: none
 * @param linkExistingUsers true to link a SCIM {@code userName} to an existing local, SAML or LDAP
 *                          user of that id instead of refusing it with 409; null: false
 */
public record ScimSettingsRequest(Map<String, List<String>> groupRoles, List<String> defaultRoles, Boolean linkExistingUsers) {
}
