package dev.rolegate.sso;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's SAML settings, validated: what the ACS needs besides the IdP metadata.
 *
 * @param emailAttribute attribute Name of the email, if configured
 * @param displayNameAttribute attribute Name of the display name, if configured
 * @param groupsAttribute attribute Name of the groups, if configured
 * @param groupRoles IdP group value → role names (unmodifiable, order kept)
 * @param defaultRoles roles every SAML user holds
 * @param redirectUrls allowed targets after login, at least one; the first is the default
 * @param clientId the app's client id, the {@code aud} of the session JWTs; empty for the
 *        default ({@link SessionClaims#audience})
 */
public record SamlSettings(Optional<String> emailAttribute, Optional<String> displayNameAttribute,
                           Optional<String> groupsAttribute, Map<String, List<String>> groupRoles,
                           List<String> defaultRoles, boolean jitProvisioning, boolean allowIdpInitiated,
                           boolean allowSha1, List<String> redirectUrls, Optional<String> clientId) {

    public SamlSettings {
        Objects.requireNonNull(emailAttribute, "emailAttribute");
        Objects.requireNonNull(displayNameAttribute, "displayNameAttribute");
        Objects.requireNonNull(groupsAttribute, "groupsAttribute");
        Objects.requireNonNull(clientId, "clientId");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        groupRoles.forEach((group, roles) -> copy.put(group, List.copyOf(roles)));
        groupRoles = java.util.Collections.unmodifiableMap(copy);
        defaultRoles = List.copyOf(defaultRoles);
        redirectUrls = List.copyOf(redirectUrls);
        if (redirectUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one redirect URL is required");
        }
    }

    /** {@code requested} when it is exactly one of the redirect URLs, else the first of them. */
    public String target(String requested) {
        return requested != null && redirectUrls.contains(requested) ? requested : redirectUrls.get(0);
    }
}
