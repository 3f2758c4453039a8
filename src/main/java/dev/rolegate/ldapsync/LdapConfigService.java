package dev.rolegate.ldapsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.access.RoleService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.ldap.InvalidLdapSettingsException;
import dev.rolegate.ldap.LdapDestination;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import dev.rolegate.ldap.SettingsProblem;
import dev.rolegate.ldapsync.api.LdapAttributes;
import dev.rolegate.ldapsync.api.LdapConfigRequest;
import dev.rolegate.ldapsync.api.LdapConfigResponse;
import dev.rolegate.ldapsync.store.LdapSettingsEntity;
import dev.rolegate.platform.AllowedHosts;
import dev.rolegate.platform.BoundSecret;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.KeySealer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account's LDAP settings: validated on every write (the pure rules of {@link LdapSettings}
 * and the adapter's DN and filter parsing), stored with the bind password sealed by
 * {@link KeySealer}; the password is never returned, logged or audited. The stored password is
 * bound to its {@link LdapDestination} ({@link BoundSecret}): settings naming another destination
 * need it again. Every URL must name a host {@code rolegate.ldap.allowed-hosts} allows.
 */
@ApplicationScoped
@Startup
public class LdapConfigService {

    @Inject
    UnitOfWork writes;

    @Inject
    dev.rolegate.token.CallerContext callers;


    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    KeySealer sealer;

    @Inject
    RoleService roles;

    @Inject
    LdapDirectory ldap;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    LdapSyncConfig config;

    /** From {@code rolegate.ldap.allowed-hosts}; a bad pattern fails the start ({@link Startup}). */
    private AllowedHosts allowedHosts;

    private static final String BIND_PASSWORD = "/bindPassword";

    @PostConstruct
    void readAllowedHosts() {
        allowedHosts = new AllowedHosts(config.allowedHosts().orElse(List.of()));
    }

    /**
     * Creates or replaces the settings. Without {@code bindPassword} an existing configuration
     * keeps its stored password, as long as the settings name the same destination.
     *
     * @throws ProblemException 400 naming invalid members; 400 {@code secret_required} at
     *         {@code /bindPassword} when the destination changed without it; 422
     *         {@code ldap_host_not_allowed}; 422 {@code unknown_role}; 503
     *         {@code encryption_key_missing} when no key is configured to seal the bind password
     */
    @Transactional
    public Written<LdapConfigResponse> put(String account, LdapConfigRequest body) {
        return put(account, body, null);
    }

    /**
     * {@link #put(String, LdapConfigRequest)} on behalf of an admin who holds {@code grantorHolds}:
     * the {@code groupRoles} the change adds or removes need every permission of those roles held
     * (see {@link RoleService#requireHeldForMapping}).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException also 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public Written<LdapConfigResponse> put(String account, LdapConfigRequest body, Set<String> grantorHolds) {
        if (!sealer.encrypts()) {
            throw ProblemException.unavailable("encryption_key_missing",
                    "LDAP settings are refused until rolegate.sso.key-encryption-key is configured: the bind password is stored encrypted only.");
        }
        return writes.in(account, callers.attribution(), work -> {
        LdapSettingsEntity row = LdapSettingsEntity.findById(account);
        boolean created = row == null;
        LdapConfigResponse before = created ? null : read(row.settingsJson);
        LdapConfigResponse view = normalize(body);
        LdapSettings settings = resolve(row, view, body.bindPassword());
        Secret password = settings.bindPassword();
        Set<String> named = new HashSet<>();
        settings.groupRoles().values().forEach(named::addAll);
        if (!named.isEmpty()) {
            Set<String> known = new HashSet<>(em.createQuery(
                    "select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                    .setParameter(1, account).setParameter(2, named).getResultList());
            List<String> unknown = named.stream().filter(r -> !known.contains(r)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.unprocessable("unknown_role",
                        "The LDAP groupRoles name role(s) that do not exist in this account: " + unknown + ".");
            }
        }
        roles.requireHeldForMapping(account, grantorHolds, created ? Map.of() : read(row.settingsJson).groupRoles(),
                view.groupRoles(), "These LDAP groupRoles");
        if (created) {
            row = new LdapSettingsEntity();
            row.accountId = account;
        }
        row.settingsJson = write(view);
        row.bindPassword = sealer.seal(aad(account), password.utf8());
        row.updatedAt = clock.instant();
        if (created) {
            row.persist();
        }
        // the view never holds the bind password
        work.record(Change.put(ChangeKind.LDAP_SETTINGS, Change.LDAP_SETTINGS_KEY, before, view), null, view);
        return new Written<>(view, work.revision(), created);
        });
    }

    /** @throws ProblemException 404 {@code ldap_not_configured} */
    @Transactional
    public LdapConfigResponse get(String account) {
        return read(require(account).settingsJson);
    }

    /**
     * The account's stored {@code groupRoles} (group DN as written → role names), empty when the
     * account has no LDAP settings; call inside a transaction.
     */
    public Map<String, List<String>> groupRoles(String account) {
        LdapSettingsEntity row = LdapSettingsEntity.findById(account);
        return row == null ? Map.of() : read(row.settingsJson).groupRoles();
    }

    /** The account's validated settings with the bind password. @throws ProblemException as {@link #settings(String)} */
    @Transactional
    public LdapSettings current(String account) {
        return settings(account);
    }

    /**
     * The account's validated settings with the bind password; call inside a transaction.
     *
     * @throws ProblemException 404 {@code ldap_not_configured}; 422 {@code ldap_host_not_allowed}
     *         when the stored URL names a host {@code rolegate.ldap.allowed-hosts} no longer allows
     */
    public LdapSettings settings(String account) {
        LdapSettings settings = stored(require(account));
        requireAllowedHost(ldap.destination(settings));
        return settings;
    }

    /**
     * The settings a {@code test} with a body would use, changing nothing: the body's, with its
     * {@code bindPassword} or, for an unchanged destination, the stored one.
     *
     * @throws ProblemException as {@link #put(String, LdapConfigRequest)} (400, 400
     *         {@code secret_required}, 422 {@code ldap_host_not_allowed}), except that no stored
     *         settings are needed and roles are not looked up
     */
    @Transactional
    public LdapSettings candidate(String account, LdapConfigRequest body) {
        return resolve(LdapSettingsEntity.findById(account), normalize(body), body.bindPassword());
    }

    /**
     * Validates {@code view} with the password to use: {@code given} when not empty, else the
     * stored one if {@code row}'s destination is the one {@code view} names (issue 11 item 2).
     * Nothing is sent or stored before both the destination and its host are accepted.
     */
    private LdapSettings resolve(LdapSettingsEntity row, LdapConfigResponse view, String given) {
        Optional<Secret> password = given == null || given.isEmpty() ? Optional.empty() : Optional.of(Secret.of(given));
        Secret kept = row == null ? null : storedPassword(row);
        // validated with the password it would use; an empty one fails as "required" when none is stored
        LdapSettings settings = settings(view, password.orElse(kept == null ? Secret.of("") : kept));
        LdapDestination destination = ldap.destination(settings);
        requireAllowedHost(destination);
        if (kept != null && password.isEmpty()) {
            LdapDestination bound;
            try {
                bound = ldap.destination(stored(row));
            } catch (ProblemException e) {
                throw BoundSecret.secretRequired(BIND_PASSWORD); // stored settings that no longer validate bind nothing
            }
            new BoundSecret<>(bound, kept).secretFor(destination, password, BIND_PASSWORD);
        }
        return settings;
    }

    /** @throws ProblemException 422 {@code ldap_host_not_allowed} naming {@code /url} */
    private void requireAllowedHost(LdapDestination destination) {
        if (!allowedHosts.allows(destination.host())) {
            String message = "names host " + destination.host()
                    + ", which this service may not connect to (the operator's rolegate.ldap.allowed-hosts)";
            throw new ProblemException(Problem.of(422, "ldap_host_not_allowed", "Unprocessable request",
                    "/url " + message + ".", List.of(new FieldError("/url", message))));
        }
    }

    private LdapSettings stored(LdapSettingsEntity row) {
        return settings(read(row.settingsJson), storedPassword(row));
    }

    /**
     * The {@code schedule} of every account that has one (ISO-8601 durations; settings stored
     * before a schedule was valid are skipped).
     */
    @Transactional
    public Map<String, Duration> schedules() {
        Map<String, Duration> schedules = new java.util.TreeMap<>();
        for (LdapSettingsEntity row : LdapSettingsEntity.<LdapSettingsEntity>listAll()) {
            String schedule = read(row.settingsJson).schedule();
            if (schedule != null) {
                try {
                    schedules.put(row.accountId, Duration.parse(schedule));
                } catch (DateTimeParseException e) {
                    // validated on PUT; nothing to schedule from a value that no longer parses
                }
            }
        }
        return schedules;
    }

    static ProblemException notConfigured() {
        return ProblemException.notFound("ldap_not_configured", "This account has no LDAP configuration.");
    }

    private LdapSettingsEntity require(String account) {
        LdapSettingsEntity row = LdapSettingsEntity.findById(account);
        if (row == null) {
            throw notConfigured();
        }
        return row;
    }

    private Secret storedPassword(LdapSettingsEntity row) {
        return Secret.of(new String(sealer.open(aad(row.accountId), row.bindPassword), StandardCharsets.UTF_8));
    }

    private static String aad(String account) {
        return "ldap-bind:" + account;
    }

    private static LdapConfigResponse normalize(LdapConfigRequest b) {
        LdapAttributes a = b.attributes() == null ? new LdapAttributes(null, null, null, null, null) : b.attributes();
        LdapSettings.AttributeMapping m = new LdapSettings.AttributeMapping(a.id(), a.userId(), a.email(), a.displayName(),
                a.disabled());
        return new LdapConfigResponse(b.url(), Boolean.TRUE.equals(b.startTls()), Boolean.TRUE.equals(b.allowPlaintext()),
                b.trustedCertificatePem(), b.bindDn(), b.userBaseDn(), b.userFilter(), b.groupBaseDn(), b.groupFilter(),
                b.membership(), Boolean.TRUE.equals(b.nestedGroups()),
                new LdapAttributes(m.id(), m.userId(), m.email(), m.displayName(), m.disabled()),
                b.groupRoles() == null ? Map.of() : b.groupRoles(), b.schedule(),
                b.deprovision() == null ? LdapSettings.Deprovision.DISABLE.wireName() : b.deprovision(),
                b.maxRemovalPercent() == null ? LdapSettings.DEFAULT_MAX_REMOVAL_PERCENT : b.maxRemovalPercent(),
                b.pageSize() == null ? LdapSettings.DEFAULT_PAGE_SIZE : b.pageSize());
    }

    /** Validated settings from the wire form. @throws ProblemException 400 */
    LdapSettings settings(LdapConfigResponse v, Secret password) {
        LdapSettings.Membership membership = null;
        if (v.membership() != null) {
            try {
                membership = LdapSettings.Membership.fromWire(v.membership());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("/membership", "must be member, uniqueMember or memberOf");
            }
        }
        LdapSettings.Deprovision deprovision;
        try {
            deprovision = LdapSettings.Deprovision.fromWire(v.deprovision());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("/deprovision", "must be disable or delete");
        }
        Duration schedule = null;
        if (v.schedule() != null) {
            try {
                schedule = Duration.parse(v.schedule());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("/schedule", "must be an ISO-8601 duration such as PT1H, or null");
            }
        }
        LdapAttributes a = v.attributes();
        try {
            LdapSettings settings = LdapSettings.builder().url(v.url()).startTls(v.startTls())
                    .allowPlaintext(v.allowPlaintext()).trustedCertificatePem(v.trustedCertificatePem())
                    .bindDn(v.bindDn()).bindPassword(password).userBaseDn(v.userBaseDn()).userFilter(v.userFilter())
                    .groupBaseDn(v.groupBaseDn()).groupFilter(v.groupFilter()).membership(membership)
                    .nestedGroups(v.nestedGroups())
                    .attributes(new LdapSettings.AttributeMapping(a.id(), a.userId(), a.email(), a.displayName(), a.disabled()))
                    .groupRoles(v.groupRoles()).schedule(schedule).deprovision(deprovision)
                    .maxRemovalPercent(v.maxRemovalPercent()).pageSize(v.pageSize()).build();
            ldap.check(settings);
            return settings;
        } catch (InvalidLdapSettingsException e) {
            List<FieldError> errors = e.problems().stream()
                    .map((SettingsProblem p) -> new FieldError(p.pointer(), p.message())).toList();
            throw ProblemException.invalid(errors.get(0).pointer() + ": " + errors.get(0).message(), errors);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private LdapConfigResponse read(String value) {
        try {
            return json.readValue(value, LdapConfigResponse.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored LDAP settings do not parse", e);
        }
    }
}
