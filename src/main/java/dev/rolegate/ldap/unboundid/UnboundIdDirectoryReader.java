package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.util.StaticUtils;
import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryProbe;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.LdapSettings.Membership;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.Watermark;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads users and groups from one account's directory with the UnboundID LDAP SDK.
 *
 * <h2>How a read goes</h2>
 * <ol>
 *   <li>Read the rootDSE: Active Directory announces itself in {@code supportedCapabilities}
 *       (1.2.840.113556.1.4.800) and gives {@code highestCommittedUSN}, the incremental
 *       watermark there; elsewhere the watermark is the newest {@code modifyTimestamp} read.</li>
 *   <li>Search users under {@code userBaseDn} with {@code userFilter}, paged
 *       ({@link PagedSearch}). An incremental read ANDs the filter with
 *       {@code (modifyTimestamp>=T)} or {@code (uSNChanged>=N)}, built by
 *       {@code Filter.createGreaterOrEqualFilter}.</li>
 *   <li>Search groups likewise, then complete large {@code member} attributes with AD ranged
 *       retrieval ({@link RangedValues}) once paging is over (a paging connection is never used
 *       for anything else), then sort each group's member DNs into users and subgroups. With
 *       {@code memberOf} membership the reader inverts the users' and groups' {@code memberOf}
 *       values instead.</li>
 * </ol>
 * An incremental read re-reads all groups when any group changed (membership lives on the group,
 * and nesting needs the whole graph), and with {@code memberOf} also all users, since their
 * {@code memberOf} values are the only record of membership. Deletions never show in a "changed
 * since" search; only full runs see them.
 *
 * <p>A read is marked incomplete (never silently partial) when a search stops at a limit, an entry
 * lacks its stable id or has an unparsable DN, or ranged retrieval breaks off.
 *
 * <p>Thread-safe; holds a connection pool until {@link #close()}.
 */
public final class UnboundIdDirectoryReader implements DirectoryReader {

    /** LDAP_CAP_ACTIVE_DIRECTORY_OID (MS-ADTS §3.1.1.3.4.3). */
    static final String ACTIVE_DIRECTORY_CAPABILITY = "1.2.840.113556.1.4.800";
    private static final String MODIFY_TIMESTAMP = "modifyTimestamp";
    private static final String MEMBER_OF = "memberOf";
    private static final String NO_ATTRIBUTES = "1.1";
    private static final int MAX_PROBLEMS = 20;
    /** nameAndOptionalUID (RFC 4517 §3.3.21): a uniqueMember may end in #'0101'B. */
    private static final Pattern OPTIONAL_UID = Pattern.compile("#'[01]*'B$");

    private final ParsedSettings settings;
    private final LDAPConnectionPool pool;
    private final EntryMapper mapper;
    private final String where;

    private UnboundIdDirectoryReader(ParsedSettings settings, LDAPConnectionPool pool) {
        this.settings = settings;
        this.pool = pool;
        this.mapper = new EntryMapper(settings.settings.attributes());
        this.where = settings.host + ":" + settings.port;
    }

    /**
     * Parses the settings, connects, verifies TLS, binds.
     *
     * @throws dev.rolegate.ldap.InvalidLdapSettingsException when a filter, DN, URL or certificate does not parse
     * @throws LdapException                                  {@code ldap_unavailable}, {@code ldap_tls_failed},
     *                                                        {@code ldap_auth_failed}
     */
    public static UnboundIdDirectoryReader open(LdapSettings settings, LdapClientOptions options) throws LdapException {
        ParsedSettings parsed = ParsedSettings.parse(settings);
        return new UnboundIdDirectoryReader(parsed, ConnectionPools.open(parsed, options));
    }

    @Override
    public DirectoryRead readFull() throws LdapException {
        try {
            Server server = server();
            Read read = new Read(SyncMode.FULL, server, null);
            read.users(settings.userFilter, false);
            read.groups();
            return read.result(true);
        } catch (LDAPException e) {
            throw LdapErrors.map(e, "reading " + where, settings.settings.bindPassword());
        }
    }

    @Override
    public DirectoryRead readChanges(Watermark since) throws LdapException {
        try {
            Server server = server();
            Read read = new Read(SyncMode.INCREMENTAL, server, since);
            Filter changed = changedSince(since);
            read.users(Filter.createANDFilter(settings.userFilter, changed), true);
            boolean groupsChanged = read.anyGroupChanged(Filter.createANDFilter(settings.groupFilter, changed));
            boolean memberOf = settings.settings.membership() == Membership.MEMBER_OF;
            if (memberOf && (groupsChanged || !read.users.isEmpty())) {
                read.resetUsers();
                read.users(settings.userFilter, false);
                read.groups();
                return read.result(true);
            }
            if (groupsChanged) {
                read.groups();
                return read.result(true);
            }
            return read.result(false);
        } catch (LDAPException e) {
            throw LdapErrors.map(e, "reading changes from " + where, settings.settings.bindPassword());
        }
    }

    @Override
    public Optional<DirectoryEntryUser> findUser(String userId) throws LdapException {
        // The value goes into an equality filter component, escaped per RFC 4515 §3; it is never
        // spliced into filter text.
        Filter filter = Filter.createANDFilter(settings.userFilter,
                Filter.createEqualityFilter(settings.settings.attributes().userId(), userId));
        try {
            SearchRequest request = new SearchRequest(settings.userBaseDn.toString(), SearchScope.SUB,
                    DereferencePolicy.NEVER, 2, 0, false, filter, userAttributes(false));
            SearchResult result;
            try {
                result = pool.search(request);
            } catch (LDAPSearchException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw new LdapException(LdapFailure.SEARCH_FAILED,
                            "more than one directory user has the user id " + userId, e);
                }
                throw e;
            }
            if (result.getEntryCount() > 1) {
                throw new LdapException(LdapFailure.SEARCH_FAILED, "more than one directory user has the user id " + userId);
            }
            if (result.getEntryCount() == 0) {
                return Optional.empty();
            }
            Read read = new Read(SyncMode.INCREMENTAL, new Server(false, null), null);
            read.user(result.getSearchEntries().get(0), false);
            if (read.users.isEmpty()) {
                throw new LdapException(LdapFailure.SEARCH_FAILED, String.join("; ", read.problems));
            }
            return Optional.of(read.users.get(0));
        } catch (LDAPException e) {
            throw LdapErrors.map(e, "looking up a user in " + where, settings.settings.bindPassword());
        }
    }

    @Override
    public DirectoryProbe probe() throws LdapException {
        try {
            Server server = server();
            List<String> problems = new ArrayList<>();
            long[] users = {0};
            PagedSearch.Outcome userSearch = PagedSearch.run(pool, settings.userBaseDn, settings.userFilter,
                    settings.settings.pageSize(), new String[] {NO_ATTRIBUTES}, entry -> users[0]++);
            Set<DN> groupDns = new HashSet<>();
            PagedSearch.Outcome groupSearch = PagedSearch.run(pool, settings.groupBaseDn, settings.groupFilter,
                    settings.settings.pageSize(), new String[] {NO_ATTRIBUTES}, entry -> {
                        try {
                            groupDns.add(entry.getParsedDN());
                        } catch (LDAPException e) {
                            problems.add("a group has an unparsable DN: " + entry.getDN());
                        }
                    });
            for (PagedSearch.Outcome outcome : List.of(userSearch, groupSearch)) {
                if (outcome.stopped() != null) {
                    problems.add(outcome.stopped());
                }
                if (outcome.references() > 0) {
                    problems.add(outcome.references() + " continuation references were not followed");
                }
            }
            List<String> unmapped = new ArrayList<>();
            for (DN group : settings.groupRoles.keySet()) {
                if (!groupDns.contains(group)) {
                    unmapped.add(group.toString());
                }
            }
            return new DirectoryProbe(users[0], groupDns.size(), server.activeDirectory, unmapped, problems);
        } catch (LDAPException e) {
            throw LdapErrors.map(e, "probing " + where, settings.settings.bindPassword());
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- internals --------------------------------------------------------------------------

    private record Server(boolean activeDirectory, Long highestCommittedUsn) {
    }

    private Server server() throws LDAPException {
        SearchResultEntry root = pool.getEntry("", "supportedCapabilities", "highestCommittedUSN");
        if (root == null) {
            return new Server(false, null);
        }
        boolean ad = root.hasAttributeValue("supportedCapabilities", ACTIVE_DIRECTORY_CAPABILITY);
        Long usn = null;
        String value = root.getAttributeValue("highestCommittedUSN");
        if (value != null) {
            try {
                usn = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                usn = null;
            }
        }
        return new Server(ad, usn);
    }

    private static Filter changedSince(Watermark since) {
        if (since.kind() == Watermark.Kind.USN_CHANGED) {
            return Filter.createGreaterOrEqualFilter(since.kind().attribute(),
                    Long.toString(Long.parseLong(since.value()) + 1));
        }
        return Filter.createGreaterOrEqualFilter(since.kind().attribute(), since.value());
    }

    private String[] userAttributes(boolean withMemberOf) {
        LdapSettings.AttributeMapping attributes = settings.settings.attributes();
        Set<String> names = new LinkedHashSet<>(List.of(attributes.id(), attributes.userId(), attributes.email(),
                attributes.displayName(), MODIFY_TIMESTAMP));
        if (attributes.disabled() != null) {
            names.add(attributes.disabled());
        }
        if (withMemberOf) {
            names.add(MEMBER_OF);
        }
        return names.toArray(String[]::new);
    }

    /** The state of one read. Not thread-safe; entries arrive on the connection's reader thread, one at a time. */
    private final class Read {
        final SyncMode mode;
        final Server server;
        final Watermark since;
        final Instant sinceTime;
        final List<DirectoryEntryUser> users = new ArrayList<>();
        final Map<DirectoryDn, List<String>> memberOfByDn = new HashMap<>();
        /**
         * DNs already parsed, by their text: member values usually repeat an entry's DN exactly,
         * so 300,000 member values of 100,000 users cost map look-ups, not DN parses.
         */
        final Map<String, DirectoryDn> parsedDns = new HashMap<>();
        final List<SearchResultEntry> groupEntries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int suppressedProblems;
        boolean complete = true;
        Instant newest;
        String newestText;
        final Set<String> idsAtNewest = new TreeSet<>();
        final boolean memberOf = settings.settings.membership() == Membership.MEMBER_OF;

        Read(SyncMode mode, Server server, Watermark since) {
            this.mode = mode;
            this.server = server;
            this.since = since;
            this.sinceTime = since != null && since.kind() == Watermark.Kind.MODIFY_TIMESTAMP ? time(since.value()) : null;
            if (sinceTime != null) {
                newest = sinceTime;
                newestText = since.value();
                idsAtNewest.addAll(since.boundaryIds());
            }
        }

        void problem(String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(message);
            } else {
                suppressedProblems++;
            }
        }

        void incomplete(String message) {
            complete = false;
            problem(message);
        }

        void resetUsers() {
            users.clear();
            memberOfByDn.clear();
            parsedDns.clear();
        }

        /**
         * @param changedOnly whether this is a "changed since" search, whose entries already read
         *                    at the boundary are dropped; a full search keeps every entry
         */
        void users(Filter filter, boolean changedOnly) throws LDAPException {
            PagedSearch.Outcome outcome = PagedSearch.run(pool, settings.userBaseDn, filter, settings.settings.pageSize(),
                    userAttributes(memberOf), entry -> user(entry, changedOnly));
            finished(outcome, "user");
        }

        void user(SearchResultEntry entry, boolean changedOnly) {
            String stableId = mapper.stableId(entry);
            if (stableId == null) {
                incomplete("the user " + entry.getDN() + " has no usable " + settings.settings.attributes().id()
                        + " (stable id); is the attribute readable by the bind DN?");
                return;
            }
            DN parsed;
            try {
                parsed = entry.getParsedDN();
            } catch (LDAPException e) {
                incomplete("the user " + entry.getDN() + " has an unparsable DN");
                return;
            }
            if (seenAtBoundary(entry, stableId) && changedOnly) {
                return;
            }
            LdapSettings.AttributeMapping attributes = settings.settings.attributes();
            DirectoryDn dn = EntryMapper.dn(entry.getDN(), parsed);
            parsedDns.put(entry.getDN(), dn);
            users.add(new DirectoryEntryUser(stableId, dn, EntryMapper.value(entry, attributes.userId()),
                    EntryMapper.value(entry, attributes.email()), EntryMapper.value(entry, attributes.displayName()),
                    mapper.disabled(entry)));
            if (memberOf) {
                String[] groups = entry.getAttributeValues(MEMBER_OF);
                memberOfByDn.put(dn, groups == null ? List.of() : List.of(groups));
            }
        }

        boolean anyGroupChanged(Filter filter) throws LDAPException {
            boolean[] changed = {false};
            String[] attributes = {settings.settings.attributes().id(), MODIFY_TIMESTAMP};
            PagedSearch.Outcome outcome = PagedSearch.run(pool, settings.groupBaseDn, filter, settings.settings.pageSize(),
                    attributes, entry -> {
                        String stableId = mapper.stableId(entry);
                        if (stableId == null || !seenAtBoundary(entry, stableId)) {
                            changed[0] = true;
                        }
                    });
            if (outcome.stopped() != null) {
                return true; // cannot tell: read them all
            }
            return changed[0];
        }

        void groups() throws LDAPException {
            List<String> attributes = new ArrayList<>(List.of(settings.settings.attributes().id(), MODIFY_TIMESTAMP));
            attributes.add(memberOf ? MEMBER_OF : settings.settings.membership().attribute());
            PagedSearch.Outcome outcome = PagedSearch.run(pool, settings.groupBaseDn, settings.groupFilter,
                    settings.settings.pageSize(), attributes.toArray(String[]::new), groupEntries::add);
            finished(outcome, "group");
        }

        private void finished(PagedSearch.Outcome outcome, String what) {
            if (outcome.stopped() != null) {
                incomplete(outcome.stopped());
            }
            if (outcome.references() > 0) {
                problem("the " + what + " search returned " + outcome.references()
                        + " continuation references, which are not followed");
            }
        }

        /** Timestamp bookkeeping: drops entries the last read already saw at its boundary. */
        private boolean seenAtBoundary(SearchResultEntry entry, String stableId) {
            String text = entry.getAttributeValue(MODIFY_TIMESTAMP);
            if (text == null) {
                return false;
            }
            Instant time = time(text);
            if (time == null) {
                return false;
            }
            if (sinceTime != null && time.equals(sinceTime) && since.boundaryIds().contains(stableId)) {
                return true;
            }
            if (newest == null || time.isAfter(newest)) {
                newest = time;
                newestText = text;
                idsAtNewest.clear();
            }
            if (time.equals(newest)) {
                idsAtNewest.add(stableId);
            }
            return false;
        }

        DirectoryRead result(boolean groupsRead) throws LDAPException {
            List<DirectoryEntryGroup> groups = groupsRead ? buildGroups() : List.of();
            if (suppressedProblems > 0) {
                problems.add("and " + suppressedProblems + " more problems");
            }
            return new DirectoryRead(mode, users, groups, groupsRead, complete, problems, watermark());
        }

        private Watermark watermark() {
            boolean usn = since != null ? since.kind() == Watermark.Kind.USN_CHANGED
                    : server.activeDirectory && server.highestCommittedUsn != null;
            if (usn) {
                return server.highestCommittedUsn == null ? null : Watermark.usnChanged(server.highestCommittedUsn);
            }
            return newestText == null ? null : Watermark.modifyTimestamp(newestText, idsAtNewest);
        }

        private List<DirectoryEntryGroup> buildGroups() throws LDAPException {
            // First pass: identity of every group, so members can be sorted into users and subgroups.
            Map<DirectoryDn, String> names = new LinkedHashMap<>();
            Map<DirectoryDn, String> stableIds = new LinkedHashMap<>();
            Map<DirectoryDn, SearchResultEntry> byDn = new LinkedHashMap<>();
            Set<String> seenIds = new HashSet<>();
            for (SearchResultEntry entry : groupEntries) {
                String stableId = mapper.stableId(entry);
                if (stableId == null) {
                    incomplete("the group " + entry.getDN() + " has no usable " + settings.settings.attributes().id()
                            + " (stable id)");
                    continue;
                }
                DN parsed;
                try {
                    parsed = entry.getParsedDN();
                } catch (LDAPException e) {
                    incomplete("the group " + entry.getDN() + " has an unparsable DN");
                    continue;
                }
                if (!seenIds.add(stableId)) {
                    incomplete("two groups share the stable id " + stableId);
                    continue;
                }
                seenAtBoundary(entry, stableId);
                DirectoryDn dn = EntryMapper.dn(entry.getDN(), parsed);
                parsedDns.put(entry.getDN(), dn);
                String[] rdnValues = parsed.getRDN() == null ? new String[0] : parsed.getRDN().getAttributeValues();
                names.put(dn, rdnValues.length == 0 ? entry.getDN() : rdnValues[0]);
                stableIds.put(dn, stableId);
                byDn.put(dn, entry);
            }

            Map<DirectoryDn, Set<DirectoryDn>> members = new LinkedHashMap<>();
            Map<DirectoryDn, Set<DirectoryDn>> subgroups = new LinkedHashMap<>();
            for (DirectoryDn dn : byDn.keySet()) {
                members.put(dn, new LinkedHashSet<>());
                subgroups.put(dn, new LinkedHashSet<>());
            }
            if (memberOf) {
                // Inverted: a user's or group's memberOf lists the groups it is a direct member of.
                memberOfByDn.forEach((user, groupValues) -> {
                    for (DirectoryDn group : parseAll(groupValues, "memberOf of " + user.value())) {
                        if (members.containsKey(group)) {
                            members.get(group).add(user);
                        }
                    }
                });
                byDn.forEach((group, entry) -> {
                    String[] parents = entry.getAttributeValues(MEMBER_OF);
                    for (DirectoryDn parent : parseAll(parents == null ? List.of() : List.of(parents),
                            "memberOf of " + group.value())) {
                        if (subgroups.containsKey(parent)) {
                            subgroups.get(parent).add(group);
                        }
                    }
                });
            } else {
                String attribute = settings.settings.membership().attribute();
                boolean unique = settings.settings.membership() == Membership.UNIQUE_MEMBER;
                for (Map.Entry<DirectoryDn, SearchResultEntry> group : byDn.entrySet()) {
                    List<String> values = RangedValues.all(group.getValue(), attribute, pool);
                    if (values == null) {
                        incomplete("ranged retrieval of " + attribute + " broke off for " + group.getKey().value());
                        continue;
                    }
                    if (unique) {
                        values = values.stream().map(v -> OPTIONAL_UID.matcher(v).replaceFirst("")).toList();
                    }
                    for (DirectoryDn member : parseAll(values, attribute + " of " + group.getKey().value())) {
                        (byDn.containsKey(member) ? subgroups : members).get(group.getKey()).add(member);
                    }
                }
            }
            List<DirectoryEntryGroup> groups = new ArrayList<>();
            for (DirectoryDn dn : byDn.keySet()) {
                groups.add(new DirectoryEntryGroup(stableIds.get(dn), dn, names.get(dn),
                        List.copyOf(members.get(dn)), List.copyOf(subgroups.get(dn))));
            }
            return groups;
        }

        private List<DirectoryDn> parseAll(List<String> values, String where) {
            List<DirectoryDn> dns = new ArrayList<>(values.size());
            for (String value : values) {
                DirectoryDn known = parsedDns.get(value);
                if (known != null) {
                    dns.add(known);
                    continue;
                }
                try {
                    dns.add(EntryMapper.dn(value));
                } catch (LDAPException e) {
                    problem("a value of " + where + " is not a DN: " + value);
                }
            }
            return dns;
        }
    }

    private static Instant time(String generalizedTime) {
        try {
            return StaticUtils.decodeGeneralizedTime(generalizedTime).toInstant();
        } catch (ParseException e) {
            return null;
        }
    }
}
