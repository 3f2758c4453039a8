package dev.rolegate.sso;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.access.RoleService;
import dev.rolegate.account.AccountService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.sso.api.SamlConfigResponse;
import dev.rolegate.sso.saml.IdpMetadata;
import dev.rolegate.sso.saml.IdpMetadataException;
import dev.rolegate.sso.saml.SpKey;
import dev.rolegate.sso.saml.SpKeys;
import dev.rolegate.sso.saml.SpMetadata;
import dev.rolegate.sso.store.SsoRepository;
import dev.rolegate.sso.store.SamlConfigEntity;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Use cases on an account's SAML configuration. The metadata is parsed on every write (so a
 * stored configuration always parses) and the roles it names are checked against the account.
 */
@ApplicationScoped
public class SamlConfigService {

    private static final TypeReference<Map<String, List<String>>> GROUP_ROLES = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    @Inject
    UnitOfWork writes;

    @Inject
    dev.rolegate.token.CallerContext callers;


    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    RoleService roles;

    @Inject
    SpEndpoints endpoints;

    @Inject
    SsoRepository repository;

    @Inject
    KeySealer sealer;

    @Inject
    AccountService accounts;

    @Inject
    SessionClaims sessions;

    /** What the SP certificate claims as validity; SAML trusts the key, not the dates. */
    private static final Duration SP_CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    /**
     * Creates or replaces the account's configuration. Arguments are syntactically valid (checked
     * at the edge).
     *
     * @throws ProblemException 422 {@code invalid_idp_metadata} naming what is wrong with the
     *         metadata; 422 {@code unknown_role} naming the roles the account does not have
     */
    @Transactional
    public Written<SamlConfigResponse> put(String account, String idpMetadataXml, SamlSettings settings) {
        return put(account, idpMetadataXml, settings, null);
    }

    /**
     * {@link #put(String, String, SamlSettings)} on behalf of an admin who holds {@code grantorHolds}:
     * the {@code defaultRoles} and {@code groupRoles} the change adds or removes need every
     * permission of those roles held (see {@link RoleService#requireHeldForMapping}).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException also 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public Written<SamlConfigResponse> put(String account, String idpMetadataXml, SamlSettings settings, Set<String> grantorHolds) {
        return put(account, idpMetadataXml, settings, null, grantorHolds);
    }

    /**
     * {@link #put(String, String, SamlSettings, Set)} that also sets the on/off switch.
     *
     * @param enabled true or false; null keeps a stored configuration's switch and turns a new one on
     */
    @Transactional
    public Written<SamlConfigResponse> put(String account, String idpMetadataXml, SamlSettings settings, Boolean enabled,
                                           Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        IdpMetadata idp;
        try {
            idp = IdpMetadata.parse(idpMetadataXml);
        } catch (IdpMetadataException e) {
            throw ProblemException.unprocessable("invalid_idp_metadata", "The IdP metadata cannot be used: " + e.getMessage());
        }
        Set<String> named = new LinkedHashSet<>(settings.defaultRoles());
        settings.groupRoles().values().forEach(named::addAll);
        if (!named.isEmpty()) {
            Set<String> known = new HashSet<>(em.createQuery(
                    "select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                    .setParameter(1, account).setParameter(2, named).getResultList());
            List<String> unknown = named.stream().filter(r -> !known.contains(r)).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.unprocessable("unknown_role",
                        "The SAML configuration names role(s) that do not exist in this account: " + unknown + ".");
            }
        }
        SamlConfigEntity row = SamlConfigEntity.findById(account);
        boolean created = row == null;
        roles.requireHeldForMapping(account, grantorHolds, created ? Map.of() : mapping(settings(row)), mapping(settings),
                "This SAML configuration's defaultRoles and groupRoles");
        SamlConfigResponse before = created ? null : view(row);
        if (created) {
            row = new SamlConfigEntity();
            row.accountId = account;
        }
        row.idpMetadataXml = idpMetadataXml;
        row.idpEntityId = idp.entityId();
        row.emailAttribute = settings.emailAttribute().orElse(null);
        row.displayNameAttribute = settings.displayNameAttribute().orElse(null);
        row.groupsAttribute = settings.groupsAttribute().orElse(null);
        row.groupRoles = write(settings.groupRoles());
        row.defaultRoles = write(settings.defaultRoles());
        row.jitProvisioning = settings.jitProvisioning();
        row.allowIdpInitiated = settings.allowIdpInitiated();
        row.allowSha1 = settings.allowSha1();
        row.redirectUrls = write(settings.redirectUrls());
        row.clientId = settings.clientId().orElse(null);
        row.enabled = enabled != null ? enabled : created || row.enabled;
        row.updatedAt = clock.instant();
        if (created) {
            row.persist();
        }
        ensureSpKey(account);
        // the metadata is public; the entry names the IdP rather than repeating the whole document
        SamlConfigResponse after = view(row);
        work.record(Change.put(ChangeKind.SSO_SETTINGS, Change.SSO_SETTINGS_KEY, before, after), null,
                java.util.Map.of("idpEntityId", idp.entityId()));
        return new Written<>(after, work.revision(), created);
        });
    }

    /**
     * Turns the account's SAML logins on or off, as a revision of change kind {@code sso_settings}
     * (the configuration otherwise unchanged).
     *
     * @return the configuration as it is now, with {@code created} false
     * @throws ProblemException 404 {@code saml_not_configured}
     */
    @Transactional
    public Written<SamlConfigResponse> setEnabled(String account, boolean enabled) {
        requireAccount(account);
        return writes.in(account, callers.attribution(), work -> {
            SamlConfigEntity row = find(account).orElseThrow(SamlConfigService::notConfigured);
            SamlConfigResponse before = view(row);
            row.enabled = enabled;
            row.updatedAt = clock.instant();
            SamlConfigResponse after = view(row);
            work.record(Change.put(ChangeKind.SSO_SETTINGS, Change.SSO_SETTINGS_KEY, before, after), null,
                    java.util.Map.of("idpEntityId", row.idpEntityId, "enabled", enabled));
            return new Written<>(after, work.revision(), false);
        });
    }

    /**
     * The SP metadata of an account, with the certificates of its SP keys as encryption keys. It
     * exists from the account's creation, before any IdP is configured (the admin registers the
     * SP at the IdP first); the account's first SP key is generated by the first call that needs
     * it.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public String spMetadata(String account) {
        requireAccount(account);
        ensureSpKey(account);
        List<X509Certificate> certificates = spKeys(account).stream().map(SpKey::certificate).toList();
        return new SpMetadata(endpoints.entityId(account), endpoints.acsUrl(account), SpMetadata.DEFAULT_NAME_ID_FORMATS,
                certificates).toXml();
    }

    /** The account's SP keys (decryption of EncryptedAssertions), oldest first; call inside a transaction. */
    public List<SpKey> spKeys(String account) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            return repository.spKeys(account).stream().map(k -> {
                try {
                    return new SpKey(rsa.generatePrivate(new PKCS8EncodedKeySpec(sealer.open(k.kid(), k.privateKey()))),
                            (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(k.certificate())));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("SP key " + k.kid() + " of account " + account + " cannot be read", e);
                }
            }).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the account its first SP key unless it has one; concurrent callers agree on one key. */
    private void ensureSpKey(String account) {
        if (!repository.spKeys(account).isEmpty()) {
            return;
        }
        repository.lockSpKeys(account);
        if (repository.spKeys(account).isEmpty()) {
            addSpKey(account);
        }
    }

    private void requireAccount(String account) {
        accounts.get(account); // 404 account_not_found
    }

    private void addSpKey(String account) {
        SpKey key = SpKeys.generate("rolegate-sp-" + account, clock.instant(), SP_CERTIFICATE_VALIDITY);
        try {
            String kid = "sp-" + UUID.randomUUID();
            repository.addSpKey(account, new SsoRepository.StoredSpKey(kid, sealer.seal(kid, key.privateKey().getEncoded()),
                    key.certificate().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The account's configuration; before an IdP is configured, the SP side only, with
     * {@code configured} false.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public SamlConfigResponse get(String account) {
        requireAccount(account);
        return find(account).map(this::view).orElseGet(() -> new SamlConfigResponse(false, false, null, null, null, null, null,
                Map.of(), List.of(), false, false, false, List.of(), null, endpoints.entityId(account),
                endpoints.acsUrl(account), endpoints.metadataUrl(account), endpoints.loginUrl(account),
                sessions.issuer(account), sessions.audience(account, Optional.empty()), endpoints.jwksUrl()));
    }

    /** The stored configuration of an account, if any; call inside a transaction. */
    public Optional<SamlConfigEntity> find(String account) {
        return Optional.ofNullable(SamlConfigEntity.findById(account));
    }

    /** The role mapping of {@code settings}: each group value and the defaults (under the key "") → roles. */
    private static Map<String, List<String>> mapping(SamlSettings settings) {
        Map<String, List<String>> mapping = new HashMap<>(settings.groupRoles());
        mapping.put("", settings.defaultRoles());
        return mapping;
    }

    /** The settings of a stored configuration. */
    public SamlSettings settings(SamlConfigEntity row) {
        return new SamlSettings(Optional.ofNullable(row.emailAttribute), Optional.ofNullable(row.displayNameAttribute),
                Optional.ofNullable(row.groupsAttribute), read(row.groupRoles, GROUP_ROLES), read(row.defaultRoles, STRINGS),
                row.jitProvisioning, row.allowIdpInitiated, row.allowSha1, read(row.redirectUrls, STRINGS),
                Optional.ofNullable(row.clientId));
    }

    /** 409 {@code saml_disabled}: the configuration is stored but turned off. */
    public static ProblemException disabled() {
        return new ProblemException(dev.rolegate.platform.problem.Problem.of(409, "saml_disabled", "Single sign-on is off",
                "Single sign-on is configured for this account but turned off; an admin turns it on in the console"
                        + " (Single sign-on) after a test login.", List.of()));
    }

    static ProblemException notConfigured() {
        return ProblemException.notFound("saml_not_configured", "This account has no SAML configuration.");
    }

    private SamlConfigResponse view(SamlConfigEntity row) {
        SamlSettings s = settings(row);
        String a = row.accountId;
        return new SamlConfigResponse(true, row.enabled, row.idpMetadataXml, row.idpEntityId, row.emailAttribute,
                row.displayNameAttribute, row.groupsAttribute, s.groupRoles(), s.defaultRoles(), s.jitProvisioning(),
                s.allowIdpInitiated(), s.allowSha1(), s.redirectUrls(), row.clientId, endpoints.entityId(a),
                endpoints.acsUrl(a), endpoints.metadataUrl(a), endpoints.loginUrl(a), sessions.issuer(a),
                sessions.audience(a, s.clientId()), endpoints.jwksUrl());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write SAML settings as JSON", e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SAML settings are not valid JSON", e);
        }
    }
}
