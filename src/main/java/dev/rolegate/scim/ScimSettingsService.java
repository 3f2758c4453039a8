package dev.rolegate.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.access.RoleService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.scim.api.ScimSettingsRequest;
import dev.rolegate.scim.api.ScimSettingsResponse;
import dev.rolegate.scim.store.ScimSettingsEntity;
import dev.rolegate.sso.SsoConfig;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An account's SCIM provisioning settings ({@link ScimSettings}; issue 15 item 3): validated on
 * every write, stored in {@code scim_settings}, written through the unit of work as change kind
 * {@code scim_settings}, key {@value Change#SCIM_SETTINGS_KEY}, audit action
 * {@code scim.settings.create} / {@code .update}, with {@link ScimRoles#reconcile} bringing the
 * account's {@code scim} assignments in step in the same revision. An admin may map only roles
 * whose permissions they hold, as for the LDAP and SAML mappings
 * ({@link RoleService#requireHeldForMapping}).
 */
@ApplicationScoped
public class ScimSettingsService {

    /** The most group → role mappings an account may have. */
    public static final int MAX_GROUP_MAPPINGS = 1000;
    /** The longest group {@code displayName} a mapping may name, in characters. */
    public static final int MAX_GROUP_NAME = 256;

    private static final TypeReference<Map<String, List<String>>> GROUP_ROLES = new TypeReference<>() { };
    private static final TypeReference<List<String>> ROLES = new TypeReference<>() { };

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    RoleService roles;

    @Inject
    ScimRoles scimRoles;

    @Inject
    ScimTokens tokens;

    @Inject
    SsoConfig sso;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * The account's settings, {@link ScimSettings#NONE} when it stored none (or does not exist);
     * for provisioning. Joins the caller's transaction.
     */
    @Transactional
    public ScimSettings settings(String account) {
        ScimSettingsEntity row = ScimSettingsEntity.findById(account);
        return row == null ? ScimSettings.NONE : settings(row);
    }

    /** The settings as {@code GET /v1/accounts/{a}/scim} shows them: with the base URL and the count of tokens. */
    @Transactional
    public ScimSettingsResponse get(String account) {
        return view(account, settings(account));
    }

    /**
     * Creates or replaces the account's settings on behalf of an admin holding {@code grantorHolds}.
     *
     * @param settings     as {@link #validate} made them
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @return the settings as {@link #get} shows them, the revision, and whether they are new
     * @throws ProblemException 404 {@code account_not_found}; 422 {@code unknown_role} with one
     *         field error per role the account does not have ({@code /groupRoles/{group}/{i}},
     *         {@code /defaultRoles/{i}}); 403 {@code forbidden} ({@code "reason":"exceeds_caller"})
     *         when a role the change adds or removes has a permission the admin lacks. Nothing is
     *         written on any of them.
     */
    @Transactional
    public Written<ScimSettingsResponse> put(String account, ScimSettings settings, Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
            requireKnownRoles(account, settings);
            ScimSettingsEntity row = ScimSettingsEntity.findById(account);
            boolean created = row == null;
            ScimSettings before = created ? null : settings(row);
            roles.requireHeldForMapping(account, grantorHolds, mapping(before == null ? ScimSettings.NONE : before),
                    mapping(settings), "These SCIM defaultRoles and groupRoles");
            if (created) {
                row = new ScimSettingsEntity();
                row.accountId = account;
            }
            row.groupRoles = write(new TreeMap<>(settings.groupRoles()));
            row.defaultRoles = write(settings.defaultRoles());
            row.linkExistingUsers = settings.linkExistingUsers();
            row.updatedAt = clock.instant();
            if (created) {
                row.persist();
            }
            work.record(Change.put(ChangeKind.SCIM_SETTINGS, Change.SCIM_SETTINGS_KEY, before, settings));
            scimRoles.reconcile(work, settings);
            return new Written<>(view(account, settings), work.revision(), created);
        });
    }

    /**
     * Settings from a request body: a missing member is empty (or false); role lists keep their
     * first occurrence of each name.
     *
     * @throws ProblemException 400 {@code invalid_request} with one field error per bad value: a
     *         group name empty or over {@value #MAX_GROUP_NAME} characters ({@code /groupRoles/{group}}),
     *         more than {@value #MAX_GROUP_MAPPINGS} groups ({@code /groupRoles}), a role list that is
     *         null ({@code /groupRoles/{group}}) or holds a null or empty name ({@code .../{i}})
     */
    public static ScimSettings validate(ScimSettingsRequest body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<String>> groupRoles = new TreeMap<>();
        Map<String, List<String>> sent = body.groupRoles() == null ? Map.of() : body.groupRoles();
        if (sent.size() > MAX_GROUP_MAPPINGS) {
            errors.add(new FieldError("/groupRoles", "maps " + sent.size() + " groups; at most " + MAX_GROUP_MAPPINGS));
        }
        for (Map.Entry<String, List<String>> e : new TreeMap<>(sent).entrySet()) {
            String pointer = "/groupRoles/" + segment(e.getKey());
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_GROUP_NAME) {
                errors.add(new FieldError(pointer, "a group displayName must be 1 to " + MAX_GROUP_NAME + " characters"));
            }
            if (e.getValue() == null) {
                errors.add(new FieldError(pointer, "must be an array of role names"));
                continue;
            }
            groupRoles.put(e.getKey(), roleList(e.getValue(), pointer, errors));
        }
        List<String> defaultRoles = roleList(body.defaultRoles() == null ? List.of() : body.defaultRoles(), "/defaultRoles", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The SCIM settings were not changed: " + errors.get(0).pointer() + " "
                    + errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "") + ".", errors);
        }
        return new ScimSettings(groupRoles, defaultRoles, Boolean.TRUE.equals(body.linkExistingUsers()));
    }

    private static List<String> roleList(List<String> names, String pointer, List<FieldError> errors) {
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isEmpty()) {
                errors.add(new FieldError(pointer + "/" + i, "must be a role name"));
            } else {
                roles.add(name);
            }
        }
        return List.copyOf(roles);
    }

    /** 422 {@code unknown_role}, one field error per place that names a role the account does not have. */
    private void requireKnownRoles(String account, ScimSettings settings) {
        Set<String> named = new HashSet<>(settings.defaultRoles());
        settings.groupRoles().values().forEach(named::addAll);
        if (named.isEmpty()) {
            return;
        }
        Set<String> known = roles.existingRoles(account, named);
        List<FieldError> errors = new ArrayList<>();
        new TreeMap<>(settings.groupRoles()).forEach((group, list) -> unknown(list, "/groupRoles/" + segment(group), known, errors));
        unknown(settings.defaultRoles(), "/defaultRoles", known, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("unknown_role", "The SCIM settings name role(s) that do not exist in this account: "
                    + errors.stream().map(FieldError::message).distinct().toList() + "; nothing was changed.", errors);
        }
    }

    private static void unknown(List<String> roles, String pointer, Set<String> known, List<FieldError> errors) {
        for (int i = 0; i < roles.size(); i++) {
            if (!known.contains(roles.get(i))) {
                errors.add(new FieldError(pointer + "/" + i, roles.get(i)));
            }
        }
    }

    /** The settings as one mapping for the no-escalation rule: each group, and the default roles under a key no group has. */
    private static Map<String, List<String>> mapping(ScimSettings s) {
        Map<String, List<String>> mapping = new TreeMap<>();
        s.groupRoles().forEach((group, list) -> mapping.put("group:" + group, list));
        mapping.put("defaultRoles", s.defaultRoles());
        return mapping;
    }

    /** A JSON pointer segment (RFC 6901 §3: {@code ~} as {@code ~0}, {@code /} as {@code ~1}). */
    private static String segment(String member) {
        return member.replace("~", "~0").replace("/", "~1");
    }

    private ScimSettingsResponse view(String account, ScimSettings s) {
        String base = sso.publicBaseUrl();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new ScimSettingsResponse(base + "/scim/v2/" + account, new TreeMap<>(s.groupRoles()), s.defaultRoles(),
                s.linkExistingUsers(), tokens.active(account));
    }

    private ScimSettings settings(ScimSettingsEntity row) {
        try {
            return new ScimSettings(json.readValue(row.groupRoles, GROUP_ROLES), json.readValue(row.defaultRoles, ROLES),
                    row.linkExistingUsers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SCIM settings of " + row.accountId + " do not parse", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
