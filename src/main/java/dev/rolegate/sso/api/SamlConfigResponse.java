package dev.rolegate.sso.api;

import java.util.List;
import java.util.Map;

/**
 * An account's SAML configuration as stored, plus what the admin gives the IdP: the SP's
 * entityID, ACS URL, metadata URL and the URL that starts a login.
 */
public record SamlConfigResponse(String idpMetadataXml, String idpEntityId, String emailAttribute,
                                 String displayNameAttribute, String groupsAttribute,
                                 Map<String, List<String>> groupRoles, List<String> defaultRoles,
                                 boolean jitProvisioning, boolean allowIdpInitiated, boolean allowSha1,
                                 List<String> redirectUrls, String spEntityId, String acsUrl, String metadataUrl,
                                 String loginUrl) {
}
