package dev.rolegate.sso.api;

import java.util.List;
import java.util.Map;

/**
 * An account's SAML configuration as stored, plus what the admin gives the IdP (the SP's
 * entityID, ACS URL, metadata URL and the URL that starts a login) and what the app needs to
 * verify its sessions ({@code sessionIssuer}, {@code sessionAudience}, {@code jwksUrl}).
 *
 * <p>The SP side exists from the account's creation: before an IdP is configured,
 * {@code configured} is false, the IdP fields ({@code idpMetadataXml}, {@code idpEntityId}, the
 * attribute names, {@code clientId}) are null, the lists and maps empty and the flags false
 * (issue 11 item 5).
 *
 * <p>{@code enabled}: whether logins to the application (and to the console) are accepted; a
 * configuration that is off can still be tested from the console (issue 14). False before an IdP
 * is configured.
 */
public record SamlConfigResponse(boolean configured, boolean enabled, String idpMetadataXml, String idpEntityId, String emailAttribute,
                                 String displayNameAttribute, String groupsAttribute,
                                 Map<String, List<String>> groupRoles, List<String> defaultRoles,
                                 boolean jitProvisioning, boolean allowIdpInitiated, boolean allowSha1,
                                 List<String> redirectUrls, String clientId, String spEntityId, String acsUrl,
                                 String metadataUrl, String loginUrl, String sessionIssuer, String sessionAudience,
                                 String jwksUrl) {
}
