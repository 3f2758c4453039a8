package dev.rolegate.change;

import java.util.Locale;

/**
 * What kind of thing a change item changed: the {@code kind} of the change feed
 * ({@code docs/audit.md} lists each with its key and wire shape).
 */
public enum ChangeKind {
    /** Key {@code user:{id}}; shape {@code UserResponse}. */
    USER,
    /** Key {@code group:{id}}; shape {@code GroupResponse}. */
    GROUP,
    /** Key {@code group:{group}/member:{user}}; shape {@code MemberResponse}. */
    MEMBER,
    /** Key {@code role:{name}}; shape {@code RoleResponse}. */
    ROLE,
    /** Key {@code permission:{name}}; shape {@code PermissionResponse}. */
    PERMISSION,
    /**
     * Key {@code user:{id}/role:{role}} or {@code group:{id}/role:{role}}; shape
     * {@code AssignmentResponse}, whose {@code source} completes the identity (a role may be
     * assigned to one assignee from several sources).
     */
    ASSIGNMENT,
    /** Key {@code account:{id}}; shape {@code AccountResponse}. */
    ACCOUNT,
    /** Key {@code sso:saml}; shape {@code SamlConfigResponse}. */
    SSO_SETTINGS,
    /** Key {@code directory:ldap}; shape {@code LdapConfigResponse} (never the bind password). */
    LDAP_SETTINGS,
    /**
     * Key {@code console:settings}; shape {@code ConsoleSettingsService.ConsoleSettingsChange}
     * (the logo's SHA-256, never its bytes).
     */
    CONSOLE_SETTINGS,
    /** Key {@code directory:scim}; shape {@code ScimSettingsResponse} without {@code baseUrl} and {@code activeTokens} ({@code ScimSettingsService.ScimSettingsChange}). */
    SCIM_SETTINGS;

    /**
     * The feed's spelling: {@code user}, ..., {@code sso_settings}, {@code ldap_settings},
     * {@code console_settings}, {@code scim_settings}.
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
