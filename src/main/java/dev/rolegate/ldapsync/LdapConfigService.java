package dev.rolegate.ldapsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.access.RoleService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.ldap.InvalidLdapSettingsException;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import dev.rolegate.ldap.SettingsProblem;
import dev.rolegate.ldapsync.api.LdapAttributes;
import dev.rolegate.ldapsync.api.LdapConfigRequest;
import dev.rolegate.ldapsync.api.LdapConfigResponse;
import dev.rolegate.ldapsync.store.LdapSettingsEntity;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.sso.KeySealer;
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
import java.util.Set;

/**
 * An account's LDAP settings: validated on every write (the pure rules of {@link LdapSettings}
 * and the adapter's DN and filter parsing), stored with the bind password sealed by
 * {@link KeySealer}; the password is never returned, logged or audited.
 */
@ApplicationScoped
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

    /**
     * Creates or replaces the settings. Without {@code bindPassword} an existing configuration
     * keeps its stored password.
     *
     * @throws ProblemException 400 naming invalid members; 422 {@code unknown_role}; 503
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
        Secret password;
        if (body.bindPassword() != null && !body.bindPassword().isEmpty()) {
            password = Secret.of(body.bindPassword());
        } else if (row != null) {
            password = storedPassword(row);
        } else {
            password = Secret.of("");
        }
        LdapConfigResponse view = normalize(body);
        LdapSettings settings = settings(view, password);
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

    /** The account's validated settings with the bind password. @throws ProblemException 404 */
    @Transactional
    public LdapSettings current(String account) {
        return settings(account);
    }

    /** The account's validated settings with the bind password; call inside a transaction. */
    public LdapSettings settings(String account) {
        LdapSettingsEntity row = require(account);
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
