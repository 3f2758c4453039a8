package dev.rolegate.sso.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Row of {@code saml_config}: one account's IdP and mappings. The JSON columns hold what
 * {@code SamlSettings} validated; read them through it.
 */
@Entity
@Table(name = "saml_config")
public class SamlConfigEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "idp_metadata_xml", nullable = false)
    public String idpMetadataXml;

    @Column(name = "idp_entity_id", nullable = false)
    public String idpEntityId;

    @Column(name = "email_attribute")
    public String emailAttribute;

    @Column(name = "display_name_attribute")
    public String displayNameAttribute;

    @Column(name = "groups_attribute")
    public String groupsAttribute;

    /** JSON object: IdP group value → list of role names. */
    @Column(name = "group_roles", nullable = false)
    public String groupRoles;

    /** JSON array of role names. */
    @Column(name = "default_roles", nullable = false)
    public String defaultRoles;

    @Column(name = "jit_provisioning", nullable = false)
    public boolean jitProvisioning;

    @Column(name = "allow_idp_initiated", nullable = false)
    public boolean allowIdpInitiated;

    @Column(name = "allow_sha1", nullable = false)
    public boolean allowSha1;

    /** JSON array of absolute URLs. */
    @Column(name = "redirect_urls", nullable = false)
    public String redirectUrls;

    /** The app's client id, the {@code aud} of this account's session JWTs; null for the default. */
    @Column(name = "client_id")
    public String clientId;

    /** False: stored and testable, but application and console logins are refused (409 {@code saml_disabled}). */
    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
