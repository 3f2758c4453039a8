package dev.rolegate.sso;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.change.Work;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.platform.Attribution;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Names;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.OneTimeSecrets;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.saml.AuthnRequestFactory;
import dev.rolegate.sso.saml.AuthnRequestMessage;
import dev.rolegate.sso.saml.IdpMetadata;
import dev.rolegate.sso.saml.SamlLogin;
import dev.rolegate.sso.saml.SamlResponseValidator;
import dev.rolegate.sso.saml.SamlValidationContext;
import dev.rolegate.sso.saml.SamlValidationException;
import dev.rolegate.sso.store.SamlConfigEntity;
import dev.rolegate.sso.store.SsoRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * SP-initiated login and the assertion consumer service of an account: from a validated SAML
 * login to a user, its {@code saml} role assignments and a one-time code for the app.
 */
@ApplicationScoped
public class SamlLoginService {

    private static final Logger LOG = Logger.getLogger(SamlLoginService.class);

    /** How long the one-time code of a login is valid (issue 5). */
    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    /** How long the console can show a test login's result. */
    static final Duration TEST_RESULT_LIFETIME = Duration.ofMinutes(30);


    private final AuthnRequestFactory requests = new AuthnRequestFactory();
    private SamlResponseValidator validator;

    @Inject
    SamlConfigService configs;

    @Inject
    SsoRepository repository;

    @Inject
    SpEndpoints endpoints;

    @Inject
    SsoConfig config;

    @Inject
    UnitOfWork writes;

    @Inject
    AssignmentService assignments;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AcsAdmission admission;

    @Inject
    DirectoryService directory;

    @Inject
    ConsoleSignIn consoleSignIn;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @PostConstruct
    void validator() {
        validator = new SamlResponseValidator(admission.maxResponseBytes());
    }

    /**
     * Starts an SP-initiated login to the application: builds an AuthnRequest for the IdP's
     * binding and remembers its ID with the browser's target (one of the redirect URLs) and the
     * hash of a fresh binding nonce for {@link SsoConfig#requestLifetime()}. The caller sets the
     * nonce as a cookie: the ACS accepts the answer only from the browser that holds it.
     *
     * @param requestedTarget where the app wants the browser after login; anything but one of
     *     the account's redirect URLs means the first of them
     * @throws ProblemException 404 {@code saml_not_configured}; 409 {@code saml_disabled}
     */
    @Transactional
    public SamlLoginStart start(String account, String requestedTarget) {
        return start(account, SamlPurpose.APP, requestedTarget, null);
    }

    /**
     * Starts an SP-initiated login to the console (issue 14 item 1): as {@link #start(String, String)},
     * but the ACS answers it with a console session for an admin of the account, never a code.
     *
     * @throws ProblemException 404 {@code saml_not_configured}; 409 {@code saml_disabled}
     */
    @Transactional
    public SamlLoginStart startConsole(String account) {
        return start(account, SamlPurpose.CONSOLE, null, null);
    }

    /**
     * Starts a test login from a console session: works while SAML is turned off; the ACS shows
     * its result ({@link SamlTestLogin}) to that session only and writes no user, role or code.
     *
     * @param consoleBinding SHA-256 (hex) of the console session's anti-CSRF token
     * @throws ProblemException 404 {@code saml_not_configured}
     */
    @Transactional
    public SamlLoginStart startTest(String account, String consoleBinding) {
        return start(account, SamlPurpose.TEST, null, consoleBinding);
    }

    private SamlLoginStart start(String account, SamlPurpose purpose, String requestedTarget, String consoleBinding) {
        SamlConfigEntity row = configs.find(account).orElseThrow(SamlConfigService::notConfigured);
        if (!row.enabled && purpose != SamlPurpose.TEST) {
            throw SamlConfigService.disabled();
        }
        SamlSettings settings = configs.settings(row);
        Instant now = clock.instant();
        AuthnRequestMessage message = requests.create(endpoints.entityId(account), endpoints.acsUrl(account),
                IdpMetadata.parse(row.idpMetadataXml), Optional.empty(), now);
        repository.purgeExpired(account, now);
        String nonce = OneTimeSecrets.newSecret();
        String target = purpose == SamlPurpose.APP ? settings.target(requestedTarget) : "/console/" + account + "/";
        repository.addRequest(account, message.requestId(), OneTimeSecrets.hash(nonce), target, purpose.code(),
                consoleBinding, now.plus(config.requestLifetime()));
        return new SamlLoginStart(message, SamlLoginStart.COOKIE_PREFIX + message.requestId(), nonce);
    }

    /**
     * The result of a test login, for the console session that started it.
     *
     * @param consoleBinding SHA-256 (hex) of the asking session's anti-CSRF token
     * @return empty when unknown, expired ({@link #TEST_RESULT_LIFETIME}) or another session's
     */
    @Transactional
    public Optional<SamlTestLogin> testResult(String account, String id, String consoleBinding) {
        return repository.testLogin(account, id, consoleBinding, clock.instant()).map(json -> {
            try {
                return mapper.readValue(json, SamlTestLogin.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored test login is not valid JSON", e);
            }
        });
    }

    /**
     * Consumes a {@code SAMLResponse} posted to the account's ACS: validates it (the outstanding
     * request and the assertion ID are consumed in this transaction, so a second post of the
     * same response, to any replica, fails), then acts on the {@link SamlPurpose} of the request
     * it answers (an unsolicited response is an application login):
     * <ul>
     *   <li>application: finds or creates the user, sets the user's {@code saml} assignments from
     *       the default roles and the mapped groups, and issues a one-time code. All or nothing;
     *   <li>console: an existing, active SAML user of this IdP who may open the console gets a
     *       one-time console link; nothing else is written (no provisioning, no role change);
     *   <li>test: stores what the login received and would do, for the console session that
     *       started it; no user, role or code is written, and SAML may be turned off.
     * </ul>
     *
     * @param samlResponse the form value, base64
     * @param relayState the form's RelayState, used as the target of an IdP-initiated login
     * @param cookies the request's cookies by name: the binding cookie of the answered request
     *     must be among them ({@link SamlLoginStart})
     * @throws SamlValidationException when the response is refused (typed reason, already logged)
     * @throws SsoLoginRefused when the response is valid but nobody may log in with it, including
     *     {@code saml_disabled} (an application or console login while SAML is off) and
     *     {@code not_an_admin} (a console login)
     */
    @Transactional
    public AcsOutcome acs(String account, String samlResponse, String relayState, Map<String, String> cookies) {
        SamlConfigEntity row = configs.find(account).orElseThrow(() -> refuse(account, SsoLoginRefused.Reason.NOT_CONFIGURED, null));
        SamlSettings settings = configs.settings(row);
        Instant now = clock.instant();
        AtomicReference<SsoRepository.Answered> answered = new AtomicReference<>();
        SamlValidationContext context = new SamlValidationContext(endpoints.entityId(account), endpoints.acsUrl(account),
                IdpMetadata.parse(row.idpMetadataXml), configs.spKeys(account), settings.allowSha1(), settings.allowIdpInitiated(),
                config.clockSkew(), now,
                requestId -> consumeRequest(account, requestId, cookies, now, answered),
                (assertionId, keepUntil) -> repository.firstUse(account, assertionId, keepUntil));
        SamlLogin login = validator.validate(samlResponse, context);
        SamlPurpose purpose = answered.get() == null ? SamlPurpose.APP : SamlPurpose.of(answered.get().purpose());
        if (purpose == SamlPurpose.TEST) {
            return testLogin(account, settings, login, answered.get().consoleBinding().orElseThrow(), now);
        }
        if (!row.enabled) {
            throw refuse(account, SsoLoginRefused.Reason.SAML_DISABLED, login);
        }
        if (purpose == SamlPurpose.CONSOLE) {
            return consoleLogin(account, login);
        }

        // one login is one unit of work, one revision: the user row, its saml assignments, the entry
        String userId = writes.in(account, new Attribution(Attribution.SYSTEM, requestId()), work -> {
            UserResponse user = user(work, settings, login, now);
            syncRoles(account, user.id(), settings, login);
            // ids only: never the assertion, its attributes or the NameID's other data
            work.note(Action.SSO_LOGIN, Change.userKey(user.id()),
                    java.util.Map.of("idpEntityId", login.idpEntityId(), "assertionId", login.assertionId()));
            return user.id();
        });

        String code = OneTimeSecrets.newSecret();
        repository.addCode(account, OneTimeSecrets.hash(code), userId, login.sessionNotOnOrAfter().orElse(null), now.plus(CODE_LIFETIME));
        String target = answered.get() != null ? answered.get().target() : settings.target(relayState);
        LOG.infof("SAML login accepted: account=%s user=%s assertionId=%s", account, userId, login.assertionId());
        return new AcsOutcome.AppLogin(withCode(target, code));
    }

    /** A console login: only an existing, active SAML user of this IdP who may open the console. */
    private AcsOutcome consoleLogin(String account, SamlLogin login) {
        String externalId = login.idpEntityId() + "|" + login.nameId();
        UserResponse user = directory.findBySource(account, "saml", externalId).orElse(null);
        if (user == null) {
            // never provisioned from a console login; never matched to a local user by email
            throw refuse(account, SsoLoginRefused.Reason.NOT_AN_ADMIN, login);
        }
        String link = consoleSignIn.linkFor(account, user.id())
                .orElseThrow(() -> refuse(account, SsoLoginRefused.Reason.NOT_AN_ADMIN, login));
        LOG.infof("SAML console login accepted: account=%s user=%s assertionId=%s", account, user.id(), login.assertionId());
        return new AcsOutcome.ConsoleLogin(link);
    }

    /** A test login: what the assertion carries and what a real login would do with it, stored for the starting session. */
    private AcsOutcome testLogin(String account, SamlSettings settings, SamlLogin login, String consoleBinding, Instant now) {
        Optional<String> email = settings.emailAttribute().flatMap(login::firstAttribute).filter(SamlLoginService::isEmail);
        Optional<String> displayName = settings.displayNameAttribute().flatMap(login::firstAttribute)
                .filter(SamlLoginService::isText);
        String externalId = login.idpEntityId() + "|" + login.nameId();
        UserResponse existing = directory.findBySource(account, "saml", externalId).orElse(null);
        String user;
        String outcome;
        if (existing != null) {
            boolean active = "active".equals(existing.status());
            user = active ? existing.id() : null;
            outcome = active ? "existing" : SsoLoginRefused.Reason.USER_DISABLED.code();
        } else if (!settings.jitProvisioning()) {
            user = null;
            outcome = SsoLoginRefused.Reason.UNKNOWN_USER.code();
        } else {
            String id = email.filter(Names::isUserId).orElse(login.nameId());
            if (!Names.isUserId(id)) {
                user = null;
                outcome = SsoLoginRefused.Reason.INVALID_USER_ID.code();
            } else if (directory.findUser(account, id).isPresent()) {
                user = null;
                outcome = SsoLoginRefused.Reason.USER_CONFLICT.code();
            } else {
                user = id;
                outcome = "created";
            }
        }
        List<String> groups = settings.groupsAttribute().map(login::attribute).orElse(List.of());
        List<String> roles = List.copyOf(desiredRoles(account, settings, login));
        List<String> unmapped = groups.stream().filter(g -> !settings.groupRoles().containsKey(g)).toList();
        SamlTestLogin result = new SamlTestLogin(login.idpEntityId(), login.nameId(), login.nameIdFormat(),
                login.attributes(), email.orElse(null), displayName.orElse(null), user, outcome, groups, roles, unmapped, now);
        String id = java.util.UUID.randomUUID().toString();
        try {
            repository.addTestLogin(account, id, consoleBinding, mapper.writeValueAsString(result), now, now.plus(TEST_RESULT_LIFETIME));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a test login as JSON", e);
        }
        LOG.infof("SAML test login accepted: account=%s assertionId=%s outcome=%s", account, login.assertionId(), outcome);
        return new AcsOutcome.TestLogin("/console/" + account + "/sso/test/" + id);
    }

    private boolean consumeRequest(String account, String requestId, Map<String, String> cookies, Instant now,
                                   AtomicReference<SsoRepository.Answered> answered) {
        String nonce = cookies.get(SamlLoginStart.COOKIE_PREFIX + requestId);
        if (nonce == null) {
            LOG.infof("SAML response for a request without its browser binding cookie: account=%s requestId=%s",
                    account, requestId);
            return false;
        }
        Optional<SsoRepository.Answered> consumed = repository.consumeRequest(account, requestId, OneTimeSecrets.hash(nonce), now);
        consumed.ifPresent(answered::set);
        return consumed.isPresent();
    }

    private static String requestId() {
        Object id = org.jboss.logging.MDC.get("requestId");
        return id == null ? null : id.toString();
    }

    /**
     * The user of the login, created (JIT) or refreshed; recorded on {@code work} without an audit
     * entry of its own ({@code sso.login} names the user).
     */
    private UserResponse user(Work work, SamlSettings settings, SamlLogin login, Instant now) {
        String account = work.account();
        String externalId = login.idpEntityId() + "|" + login.nameId();
        Optional<String> email = settings.emailAttribute().flatMap(login::firstAttribute).filter(SamlLoginService::isEmail);
        Optional<String> displayName = settings.displayNameAttribute().flatMap(login::firstAttribute)
                .filter(SamlLoginService::isText);
        UserResponse user = directory.findBySource(account, "saml", externalId).orElse(null);
        if (user == null) {
            if (!settings.jitProvisioning()) {
                throw refuse(account, SsoLoginRefused.Reason.UNKNOWN_USER, login);
            }
            String id = email.filter(Names::isUserId).orElse(login.nameId());
            if (!Names.isUserId(id)) {
                throw refuse(account, SsoLoginRefused.Reason.INVALID_USER_ID, login);
            }
            if (directory.findUser(account, id).isPresent()) {
                // never take over a local, LDAP or other-IdP user by a matching email
                throw refuse(account, SsoLoginRefused.Reason.USER_CONFLICT, login);
            }
            user = directory.createFromSource(work, id, "saml", externalId, email.orElse(null), displayName.orElse(null), now);
            LOG.infof("SAML JIT provisioning: account=%s user=%s", account, id);
            return user;
        }
        if (!"active".equals(user.status())) {
            throw refuse(account, SsoLoginRefused.Reason.USER_DISABLED, login);
        }
        return directory.refreshFromSource(work, user.id(), email, displayName, now);
    }

    /**
     * Sets the user's {@code saml} assignments to the default roles plus the roles mapped from
     * the groups in the assertion; assignments of other sources are never touched. A mapped
     * role deleted since the configuration was saved is skipped.
     */
    private void syncRoles(String account, String userId, SamlSettings settings, SamlLogin login) {
        Set<String> desired = desiredRoles(account, settings, login);
        @SuppressWarnings("unchecked")
        List<String> current = em.createNativeQuery(
                "SELECT role FROM user_role WHERE account_id = ?1 AND user_id = ?2 AND source = 'saml'")
                .setParameter(1, account).setParameter(2, userId).getResultList();
        for (String role : desired) {
            if (!current.contains(role)) {
                assignments.assign(account, AssigneeKind.USER, userId, role, AssignmentSource.SAML, null, null);
            }
        }
        for (String role : current) {
            if (!desired.contains(role)) {
                assignments.revoke(account, AssigneeKind.USER, userId, role, List.of(AssignmentSource.SAML));
            }
        }
    }

    /** The default roles plus those mapped from the login's groups, without roles deleted since the mapping was saved. */
    private Set<String> desiredRoles(String account, SamlSettings settings, SamlLogin login) {
        Set<String> desired = new LinkedHashSet<>(settings.defaultRoles());
        for (String group : settings.groupsAttribute().map(login::attribute).orElse(List.of())) {
            desired.addAll(settings.groupRoles().getOrDefault(group, List.of()));
        }
        if (!desired.isEmpty()) {
            Set<String> existing = Set.copyOf(em.createQuery(
                    "select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                    .setParameter(1, account).setParameter(2, desired).getResultList());
            desired.removeIf(role -> {
                if (!existing.contains(role)) {
                    LOG.warnf("SAML role mapping names a deleted role: account=%s role=%s", account, role);
                    return true;
                }
                return false;
            });
        }
        return desired;
    }

    private static SsoLoginRefused refuse(String account, SsoLoginRefused.Reason reason, SamlLogin login) {
        LOG.infof("SAML login refused: %s account=%s assertionId=%s", reason.code(), account,
                login == null ? "-" : login.assertionId());
        return new SsoLoginRefused(reason);
    }

    private static boolean isEmail(String value) {
        try {
            Inputs.email("/email", value);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    private static boolean isText(String value) {
        try {
            Inputs.text("/displayName", value);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    private static String withCode(String target, String code) {
        return target + (target.indexOf('?') >= 0 ? '&' : '?') + "code=" + code;
    }
}
