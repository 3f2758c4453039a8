package dev.rolegate.scim;

import java.util.List;
import java.util.Map;

/**
 * An account's SCIM provisioning settings ({@code PUT /v1/accounts/{a}/scim}): which roles a
 * pushed group brings its members, which roles every SCIM user holds, and whether a SCIM
 * {@code userName} that a local, SAML or LDAP user already has links to that user (opt-in) or is
 * refused with 409 {@code uniqueness}. Every role so brought is assigned with source {@code scim}.
 *
 * @param groupRoles        group {@code displayName} (exact, as the IdP pushes it) → role names
 * @param defaultRoles      role names every SCIM user holds
 * @param linkExistingUsers true to link a SCIM user to an existing user of the same id
 */
public record ScimSettings(Map<String, List<String>> groupRoles, List<String> defaultRoles, boolean linkExistingUsers) {

    /** The settings of an account that stored none: no roles brought, no linking. */
    public static final ScimSettings NONE = new ScimSettings(Map.of(), List.of(), false);

    public ScimSettings {
        groupRoles = Map.copyOf(groupRoles);
        defaultRoles = List.copyOf(defaultRoles);
    }
}
