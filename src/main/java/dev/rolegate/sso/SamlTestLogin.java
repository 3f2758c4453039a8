package dev.rolegate.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a test login received and what a real login with the same assertion would do, as the
 * console's single sign-on wizard shows it before SAML is turned on. Nothing of it was written.
 *
 * @param idpEntityId the IdP's entityID (the assertion's Issuer)
 * @param nameId the NameID, and its format URI
 * @param attributes every attribute received: Name → values, in the assertion's order
 * @param email the value of the configured email attribute, or null
 * @param displayName the value of the configured display-name attribute, or null
 * @param user the id of the user the login would be, or null when it would be refused
 * @param userOutcome {@code existing}, {@code created} (JIT), or a refusal code of
 *     {@link SsoLoginRefused.Reason} ({@code unknown_user}, {@code user_disabled}, …)
 * @param groups the values of the configured groups attribute
 * @param roles the roles the login would bring: the default roles, then those mapped from the groups
 * @param unmappedGroups groups received that no mapping names
 * @param at when the ACS accepted it
 */
public record SamlTestLogin(String idpEntityId, String nameId, String nameIdFormat, Map<String, List<String>> attributes,
                            String email, String displayName, String user, String userOutcome, List<String> groups,
                            List<String> roles, List<String> unmappedGroups, Instant at) {

    /** True when a real login with this assertion would log the user in. */
    public boolean wouldLogIn() {
        return user != null;
    }
}
