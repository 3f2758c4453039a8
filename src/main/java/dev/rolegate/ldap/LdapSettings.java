package dev.rolegate.ldap;

import dev.rolegate.engine.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One account's LDAP / Active Directory connection and sync settings. Component names are the
 * JSON names of {@code PUT /v1/accounts/{a}/directory/ldap} (issue 6, item 1), so the wire record
 * maps one to one.
 *
 * <p>The compact constructor checks structure and collects every problem into one
 * {@link InvalidLdapSettingsException}: required fields, the TLS rule (plain {@code ldap://}
 * without StartTLS is refused unless {@code allowPlaintext}), ranges, attribute names, role names.
 * Syntax that needs an LDAP library (RFC 4515 filters, RFC 4514 DNs, the URL's host and port, the
 * PEM certificate) is checked by {@link LdapDirectory#check}; configured filters and DNs are
 * always parsed there, never concatenated into other filters or DNs.
 *
 * <p>{@link #toString()} never shows the bind password ({@link Secret}). Immutable.
 *
 * @param url                   {@code ldaps://host[:port]} or {@code ldap://host[:port]}; default
 *                              ports 636 and 389
 * @param startTls              upgrade an {@code ldap://} connection with StartTLS (RFC 4511
 *                              §4.14) before binding; refused with {@code ldaps://}
 * @param allowPlaintext        accept {@code ldap://} without StartTLS (the bind password then
 *                              crosses the network in clear); default false
 * @param trustedCertificatePem PEM certificate(s) of the CA that signed the server's certificate;
 *                              null trusts the JVM's default CAs. Hostnames are always verified
 * @param bindDn                the DN to bind as (simple bind, RFC 4513 §5.1.3)
 * @param bindPassword          its password; never empty, because an empty password makes an
 *                              "unauthenticated bind" that many servers accept (RFC 4513 §5.1.2)
 * @param userBaseDn            base DN of the user search (subtree)
 * @param userFilter            RFC 4515 filter selecting users, e.g. {@code (objectClass=inetOrgPerson)}
 * @param groupBaseDn           base DN of the group search (subtree)
 * @param groupFilter           RFC 4515 filter selecting groups, e.g. {@code (objectClass=groupOfNames)}
 * @param membership            which attribute carries group membership
 * @param nestedGroups          whether a group that is a member of another group passes its members on
 * @param attributes            attribute names to read; see {@link AttributeMapping}
 * @param groupRoles            group DN → role names given to every (direct or nested) member;
 *                              keys are matched as DNs (RFC 4514), not as strings
 * @param schedule              interval between scheduled runs, ≥ 1 minute, or null for none
 * @param deprovision           what a full run does to a user that left the directory
 * @param maxRemovalPercent     0–100: a run that would deprovision or disable more than this
 *                              percentage of the account's LDAP users aborts; default 10
 * @param pageSize              entries per page of a paged search (RFC 2696), 1–5000; default 500
 */
public record LdapSettings(
        String url,
        boolean startTls,
        boolean allowPlaintext,
        String trustedCertificatePem,
        String bindDn,
        Secret bindPassword,
        String userBaseDn,
        String userFilter,
        String groupBaseDn,
        String groupFilter,
        Membership membership,
        boolean nestedGroups,
        AttributeMapping attributes,
        Map<String, List<String>> groupRoles,
        Duration schedule,
        Deprovision deprovision,
        int maxRemovalPercent,
        int pageSize) {

    public static final int DEFAULT_MAX_REMOVAL_PERCENT = 10;
    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final int MAX_PAGE_SIZE = 5000;
    public static final Duration MIN_SCHEDULE = Duration.ofMinutes(1);

    /** An attribute description: a name (RFC 4512 §1.4 descr) or a numeric OID, no options. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}|[0-9]+(\\.[0-9]+)+");

    public LdapSettings {
        List<SettingsProblem> problems = new ArrayList<>();
        String scheme = null;
        if (isBlank(url)) {
            problems.add(new SettingsProblem("/url", "is required: ldaps://host:port or ldap://host:port"));
        } else {
            String lower = url.trim().toLowerCase(Locale.ROOT);
            if (lower.startsWith("ldaps://")) {
                scheme = "ldaps";
            } else if (lower.startsWith("ldap://")) {
                scheme = "ldap";
            } else {
                problems.add(new SettingsProblem("/url", "must start with ldaps:// or ldap://"));
            }
        }
        if ("ldaps".equals(scheme) && startTls) {
            problems.add(new SettingsProblem("/startTls", "must be false with ldaps://, which is TLS from the first byte"));
        }
        if ("ldap".equals(scheme) && !startTls && !allowPlaintext) {
            problems.add(new SettingsProblem("/url",
                    "plain ldap:// would send the bind password in clear: use ldaps://, set startTls, or set allowPlaintext"));
        }
        if (trustedCertificatePem != null && !trustedCertificatePem.contains("-----BEGIN CERTIFICATE-----")) {
            problems.add(new SettingsProblem("/trustedCertificatePem", "must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)"));
        }
        require(problems, "/bindDn", bindDn);
        if (bindPassword == null || bindPassword.isEmpty()) {
            problems.add(new SettingsProblem("/bindPassword",
                    "is required: an empty password makes an unauthenticated bind (RFC 4513 §5.1.2)"));
        }
        require(problems, "/userBaseDn", userBaseDn);
        require(problems, "/userFilter", userFilter);
        require(problems, "/groupBaseDn", groupBaseDn);
        require(problems, "/groupFilter", groupFilter);
        if (membership == null) {
            problems.add(new SettingsProblem("/membership", "is required: member, uniqueMember or memberOf"));
        }
        if (attributes == null) {
            attributes = AttributeMapping.defaults();
        }
        attributes.check(problems);
        Map<String, List<String>> roles = new LinkedHashMap<>();
        if (groupRoles != null) {
            for (Map.Entry<String, List<String>> entry : groupRoles.entrySet()) {
                String pointer = SettingsProblem.pointer("/groupRoles", String.valueOf(entry.getKey()));
                if (isBlank(entry.getKey())) {
                    problems.add(new SettingsProblem(pointer, "a group DN must not be empty"));
                    continue;
                }
                List<String> names = entry.getValue() == null ? List.of() : entry.getValue();
                for (int i = 0; i < names.size(); i++) {
                    if (!Names.isName(names.get(i))) {
                        problems.add(new SettingsProblem(pointer + "/" + i, "is not a role name ([a-z0-9][a-z0-9_.-]*, at most 128)"));
                    }
                }
                roles.put(entry.getKey(), List.copyOf(names.stream().filter(n -> n != null).toList()));
            }
        }
        groupRoles = Collections.unmodifiableMap(roles);
        if (schedule != null && schedule.compareTo(MIN_SCHEDULE) < 0) {
            problems.add(new SettingsProblem("/schedule", "must be at least PT1M, or null for no scheduled runs"));
        }
        if (deprovision == null) {
            deprovision = Deprovision.DISABLE;
        }
        if (maxRemovalPercent < 0 || maxRemovalPercent > 100) {
            problems.add(new SettingsProblem("/maxRemovalPercent", "must be between 0 and 100"));
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            problems.add(new SettingsProblem("/pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        if (!problems.isEmpty()) {
            throw new InvalidLdapSettingsException(problems);
        }
        url = url.trim();
    }

    /** Whether {@link #url} is {@code ldaps://}. */
    public boolean ldaps() {
        return url.regionMatches(true, 0, "ldaps://", 0, 8);
    }

    /** A builder with the defaults of issue 6 (deprovision disable, 10 %, page size 500). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder()
                .url(url).startTls(startTls).allowPlaintext(allowPlaintext)
                .trustedCertificatePem(trustedCertificatePem)
                .bindDn(bindDn).bindPassword(bindPassword)
                .userBaseDn(userBaseDn).userFilter(userFilter)
                .groupBaseDn(groupBaseDn).groupFilter(groupFilter)
                .membership(membership).nestedGroups(nestedGroups).attributes(attributes)
                .groupRoles(groupRoles).schedule(schedule).deprovision(deprovision)
                .maxRemovalPercent(maxRemovalPercent).pageSize(pageSize);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void require(List<SettingsProblem> problems, String pointer, String value) {
        if (isBlank(value)) {
            problems.add(new SettingsProblem(pointer, "is required"));
        }
    }

    /** Which attribute says who is in a group. */
    public enum Membership {
        /** Groups list member DNs in {@code member} ({@code groupOfNames}, AD {@code group}). */
        MEMBER("member"),
        /** Groups list member DNs in {@code uniqueMember} ({@code groupOfUniqueNames}, RFC 4519 §2.40). */
        UNIQUE_MEMBER("uniqueMember"),
        /** Users list their groups' DNs in {@code memberOf} (AD, OpenLDAP's memberof overlay). */
        MEMBER_OF("memberOf");

        private final String attribute;

        Membership(String attribute) {
            this.attribute = attribute;
        }

        /** The LDAP attribute name, which is also the JSON value. */
        public String attribute() {
            return attribute;
        }

        /** Parses the JSON value ({@code member}, {@code uniqueMember}, {@code memberOf}). */
        public static Membership fromWire(String value) {
            for (Membership membership : values()) {
                if (membership.attribute.equals(value)) {
                    return membership;
                }
            }
            throw new IllegalArgumentException("unknown membership: " + value);
        }
    }

    /** What a full run does to an LDAP user who is no longer in the directory. */
    public enum Deprovision {
        DISABLE, DELETE;

        /** The JSON value: {@code disable} or {@code delete}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses the JSON value. */
        public static Deprovision fromWire(String value) {
            for (Deprovision deprovision : values()) {
                if (deprovision.wireName().equals(value)) {
                    return deprovision;
                }
            }
            throw new IllegalArgumentException("unknown deprovision: " + value);
        }
    }

    /**
     * Which attributes hold what (the JSON object {@code attributes}). Null members take the
     * defaults.
     *
     * @param id          the stable id: {@code entryUUID} (RFC 4530, default) or AD {@code objectGUID}
     *                    (16 octets, rendered as a GUID string)
     * @param userId      the attribute whose value becomes the Rolegate user id, the {@code subject}
     *                    of checks; default: {@code email}'s attribute. Often {@code uid} or
     *                    {@code sAMAccountName}
     * @param email       default {@code mail}
     * @param displayName default {@code displayName}
     * @param disabled    null (never disabled), AD {@code userAccountControl} (disabled when bit
     *                    0x2, ACCOUNTDISABLE, is set), or any attribute whose value
     *                    {@code TRUE}/{@code yes}/{@code 1}/{@code on} (any case) means disabled
     */
    public record AttributeMapping(String id, String userId, String email, String displayName, String disabled) {

        public static final String USER_ACCOUNT_CONTROL = "userAccountControl";

        public AttributeMapping {
            id = id == null || id.isBlank() ? "entryUUID" : id.trim();
            email = email == null || email.isBlank() ? "mail" : email.trim();
            userId = userId == null || userId.isBlank() ? email : userId.trim();
            displayName = displayName == null || displayName.isBlank() ? "displayName" : displayName.trim();
            disabled = disabled == null || disabled.isBlank() ? null : disabled.trim();
        }

        /** {@code entryUUID}, {@code mail}, {@code mail}, {@code displayName}, no disabled flag. */
        public static AttributeMapping defaults() {
            return new AttributeMapping(null, null, null, null, null);
        }

        /** Whether the stable id is AD's binary {@code objectGUID}. */
        public boolean binaryGuid() {
            return id.equalsIgnoreCase("objectGUID") || id.equalsIgnoreCase("mS-DS-ConsistencyGuid");
        }

        /** Whether {@link #disabled} is AD's {@code userAccountControl}. */
        public boolean userAccountControl() {
            return USER_ACCOUNT_CONTROL.equalsIgnoreCase(disabled);
        }

        void check(List<SettingsProblem> problems) {
            checkName(problems, "/attributes/id", id);
            checkName(problems, "/attributes/userId", userId);
            checkName(problems, "/attributes/email", email);
            checkName(problems, "/attributes/displayName", displayName);
            if (disabled != null) {
                checkName(problems, "/attributes/disabled", disabled);
            }
        }

        private static void checkName(List<SettingsProblem> problems, String pointer, String name) {
            if (!ATTRIBUTE.matcher(name).matches()) {
                problems.add(new SettingsProblem(pointer, "is not an attribute name (RFC 4512 §1.4)"));
            }
        }
    }

    /** Builds settings; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String url;
        private boolean startTls;
        private boolean allowPlaintext;
        private String trustedCertificatePem;
        private String bindDn;
        private Secret bindPassword;
        private String userBaseDn;
        private String userFilter;
        private String groupBaseDn;
        private String groupFilter;
        private Membership membership = Membership.MEMBER;
        private boolean nestedGroups = true;
        private AttributeMapping attributes = AttributeMapping.defaults();
        private Map<String, List<String>> groupRoles = Map.of();
        private Duration schedule;
        private Deprovision deprovision = Deprovision.DISABLE;
        private int maxRemovalPercent = DEFAULT_MAX_REMOVAL_PERCENT;
        private int pageSize = DEFAULT_PAGE_SIZE;

        private Builder() {
        }

        public Builder url(String value) { this.url = value; return this; }
        public Builder startTls(boolean value) { this.startTls = value; return this; }
        public Builder allowPlaintext(boolean value) { this.allowPlaintext = value; return this; }
        public Builder trustedCertificatePem(String value) { this.trustedCertificatePem = value; return this; }
        public Builder bindDn(String value) { this.bindDn = value; return this; }
        public Builder bindPassword(Secret value) { this.bindPassword = value; return this; }
        public Builder userBaseDn(String value) { this.userBaseDn = value; return this; }
        public Builder userFilter(String value) { this.userFilter = value; return this; }
        public Builder groupBaseDn(String value) { this.groupBaseDn = value; return this; }
        public Builder groupFilter(String value) { this.groupFilter = value; return this; }
        public Builder membership(Membership value) { this.membership = value; return this; }
        public Builder nestedGroups(boolean value) { this.nestedGroups = value; return this; }
        public Builder attributes(AttributeMapping value) { this.attributes = value; return this; }
        public Builder groupRoles(Map<String, List<String>> value) { this.groupRoles = value; return this; }
        public Builder schedule(Duration value) { this.schedule = value; return this; }
        public Builder deprovision(Deprovision value) { this.deprovision = value; return this; }
        public Builder maxRemovalPercent(int value) { this.maxRemovalPercent = value; return this; }
        public Builder pageSize(int value) { this.pageSize = value; return this; }

        /** @throws InvalidLdapSettingsException listing every problem */
        public LdapSettings build() {
            return new LdapSettings(url, startTls, allowPlaintext, trustedCertificatePem, bindDn, bindPassword,
                    userBaseDn, userFilter, groupBaseDn, groupFilter, membership, nestedGroups, attributes,
                    groupRoles, schedule, deprovision, maxRemovalPercent, pageSize);
        }
    }
}
