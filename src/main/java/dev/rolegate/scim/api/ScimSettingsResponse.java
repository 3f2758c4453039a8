package dev.rolegate.scim.api;

import java.util.List;
import java.util.Map;

/**
 * An account's SCIM settings, as {@code GET} and {@code PUT /v1/accounts/{account}/scim} answer.
 *
 * @param baseUrl           the SCIM base URL to give the IdP ({@code rolegate.sso.public-base-url}
 *                          + {@code /scim/v2/{account}}): Okta's "SCIM connector base URL",
 *                          Entra ID's "Tenant URL"
 * @param groupRoles        group {@code displayName} → role names, sorted by group
 * @param defaultRoles      role names every SCIM user holds
 * @param linkExistingUsers whether a SCIM {@code userName} links to an existing user of that id
 * @param activeTokens      how many SCIM tokens the account has (0 to 2)
 */
public record ScimSettingsResponse(String baseUrl, Map<String, List<String>> groupRoles, List<String> defaultRoles,
                                   boolean linkExistingUsers, long activeTokens) {
}
