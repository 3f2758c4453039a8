package dev.rolegate.sso.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /v1/accounts/{a}/sso/saml}: the account's IdP and how its logins map onto
 * users and roles. Names exactly as in issue 5; docs/saml.md "Connecting an IdP" explains each.
 *
 * @param idpMetadataXml the IdP's SAML metadata document, required
 * @param emailAttribute Name of the attribute carrying the email address (optional)
 * @param displayNameAttribute Name of the attribute carrying the display name (optional)
 * @param groupsAttribute Name of the multi-valued groups attribute (optional)
 * @param groupRoles IdP group value → role names
 * @param defaultRoles roles of every user who logs in through this IdP
 * @param jitProvisioning create unknown users on first login (default false)
 * @param allowIdpInitiated accept responses that answer no AuthnRequest (default false)
 * @param allowSha1 accept SHA-1 signatures and digests (default false)
 * @param redirectUrls the app's URLs that may receive the login code, at least one; the first is the default
 * @param clientId the app's client id, the {@code aud} of the session JWTs (optional, at most
 *        255 characters; default: the account id)
 * @param enabled accept logins (default: unchanged, and true for a new configuration); false keeps
 *        the configuration stored and testable from the console while logins are refused with
 *        409 {@code saml_disabled}
 */
public record SamlConfigRequest(String idpMetadataXml, String emailAttribute, String displayNameAttribute,
                                String groupsAttribute, Map<String, List<String>> groupRoles, List<String> defaultRoles,
                                Boolean jitProvisioning, Boolean allowIdpInitiated, Boolean allowSha1,
                                List<String> redirectUrls, String clientId, Boolean enabled) {
}
