package dev.rolegate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.UserStatus;
import dev.rolegate.ldap.testing.Slapd;
import dev.rolegate.ldap.unboundid.UnboundIdDirectory;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LDAP sync at scale (issue 6 acceptance): a real OpenLDAP ({@link Slapd}, StartTLS) bulk-loaded
 * with {@code slapadd} with 100,000 users and 10,000 groups ({@code -Dldap.bench.users=N} for N users
 * and N/10 groups), and the packaged
 * Rolegate jar on the machine's PostgreSQL (a dedicated database, dropped and re-created), driven
 * over HTTP like an admin would:
 * <ol>
 *   <li>full sync of the whole directory (wall time of the HTTP call, the run record's own time,
 *       and the service's state-load and apply times from its log);</li>
 *   <li>incremental sync with nothing changed;</li>
 *   <li>incremental sync after 1% of the users changed their display name;</li>
 *   <li>a second full sync (nothing to change, everything compared).</li>
 * </ol>
 * Before that, in this JVM against the same slapd ({@code -Dbench.rounds=N} times, default 1): the directory read alone and the
 * planner alone (against an empty account and against an account already in sync), so the run
 * splits into read, plan and apply.
 *
 * <p>The data (fixed, no randomness): user {@code uNNNNNN} is in 3 groups on average (two small
 * groups picked by multiplicative hashing, and a third: one of 20 large groups of 2,000 members
 * for the first 40,000 users, else a third small group); 100 groups each hold one subgroup
 * (nesting, {@code nestedGroups} on); 20 groups (10 large, 10 with a subgroup) map to 20 roles.
 *
 * <p>Needs slapd and slapadd (Debian {@code slapd}), PostgreSQL on 127.0.0.1:5432 accepting the
 * {@code postgres} user without a password (override with {@code -Dbench.pg=jdbc:...}), and
 * {@code target/quarkus-app/quarkus-run.jar} (the Maven command builds it).
 */
public final class LdapSyncBenchmark {

    static final int USERS = Integer.getInteger("ldap.bench.users", 100_000);
    static final int GROUPS = USERS / 10;
    static final int LARGE_GROUPS = 20;
    static final int LARGE_GROUP_MEMBERS = 2_000;
    static final int NESTING_PARENTS = 100;
    static final int MAPPED = 20;
    static final String PEOPLE = "ou=people," + Slapd.SUFFIX;
    static final String GROUPS_OU = "ou=groups," + Slapd.SUFFIX;
    static final String DATABASE = "rolegate_ldap_bench";
    static final Instant LOADED = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    static final java.time.format.DateTimeFormatter GENERALIZED_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
    static final Pattern STATE_LOG = Pattern.compile("loaded in (\\d+) ms");
    static final Pattern TIMING_LOG = Pattern.compile("timing: (.*)$", Pattern.MULTILINE);
    static final Pattern APPLY_LOG = Pattern.compile("applied in (\\d+ ms \\(rows \\d+ ms, audit \\d+) ms");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    private LdapSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        new LdapSyncBenchmark().run();
    }

    private void run() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run mvn -Pbench -DskipTests package first");
        }
        Path slapdBinary = Slapd.binary().orElseThrow(() -> new IllegalStateException("slapd is missing: " + Slapd.INSTALL_HINT));
        Path work = Files.createTempDirectory("rolegate-ldap-bench-");
        System.out.printf("LDAP sync benchmark: %,d users, %,d groups; %d processors, %s%n", USERS, GROUPS,
                Runtime.getRuntime().availableProcessors(), cpuModel());

        long t0 = System.nanoTime();
        Path ldif = work.resolve("directory.ldif");
        long memberships = writeLdif(ldif);
        long t1 = System.nanoTime();
        System.out.printf("LDIF written in %d ms: %,d member values%n", ms(t0, t1), memberships);
        try (Slapd slapd = Slapd.startPreloaded(slapdBinary, ldif)) {
            System.out.printf("slapadd and slapd start in %d ms%n", ms(t1, System.nanoTime()));
            inProcess(slapd);
            String pg = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/");
            recreateDatabase(pg);
            Path log = work.resolve("service.log");
            Process service = startService(jar, pg + DATABASE, log);
            try {
                awaitHealthy(service, log);
                benchmark(slapd, log);
            } finally {
                service.destroy();
                service.waitFor();
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- the directory -------------------------------------------------------------------

    static String user(int i) {
        return String.format("u%06d", i);
    }

    static String group(int g) {
        return String.format("g%04d", g);
    }

    /** Writes the users and groups; answers the number of member values. */
    static long writeLdif(Path file) throws IOException {
        List<Set<String>> members = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            members.add(new TreeSet<>());
        }
        int small = GROUPS - LARGE_GROUPS;
        for (int i = 0; i < USERS; i++) {
            String dn = "uid=" + user(i) + "," + PEOPLE;
            members.get(LARGE_GROUPS + (int) ((i * 7919L) % small)).add(dn);
            members.get(LARGE_GROUPS + (int) ((i * 104_729L + 1) % small)).add(dn);
            if (i < LARGE_GROUPS * LARGE_GROUP_MEMBERS) {
                members.get(i % LARGE_GROUPS).add(dn);
            } else {
                members.get(LARGE_GROUPS + (int) ((i * 1_299_709L + 2) % small)).add(dn);
            }
        }
        // nesting: groups g0020..g0119 each hold the group 100 further on
        for (int k = 0; k < NESTING_PARENTS; k++) {
            members.get(LARGE_GROUPS + k).add("cn=" + group(LARGE_GROUPS + k + NESTING_PARENTS) + "," + GROUPS_OU);
        }
        long values = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < USERS; i++) {
                String uid = user(i);
                out.write("dn: uid=" + uid + "," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: " + uid + "\ncn: User " + i
                        + "\nsn: " + i + "\ndisplayName: User " + i + "\nmail: " + uid + "@example.test\n" + history(i) + "\n");
            }
            for (int g = 0; g < GROUPS; g++) {
                Set<String> m = members.get(g);
                if (m.isEmpty()) {
                    m.add("uid=" + user(0) + "," + PEOPLE); // groupOfNames needs a member
                }
                out.write("dn: cn=" + group(g) + "," + GROUPS_OU + "\nobjectClass: groupOfNames\ncn: " + group(g) + "\n"
                        + history(USERS + g));
                for (String dn : m) {
                    out.write("member: " + dn + "\n");
                }
                out.write("\n");
                values += m.size();
            }
        }
        return values;
    }

    /**
     * The create and modify times of the n-th entry: one entry a minute, ending a day ago. A
     * directory grown over time has its entries' {@code modifyTimestamp}s spread out; without
     * this, {@code slapadd} would stamp all of them with the few seconds of the bulk load, and
     * every "changed since the newest timestamp" search would re-read the thousands of entries
     * loaded in that last second (modifyTimestamp has one-second precision).
     */
    static String history(int n) {
        Instant at = LOADED.minus(Duration.ofMinutes(USERS + GROUPS - n));
        String time = GENERALIZED_TIME.format(at);
        return "createTimestamp: " + time + "\nmodifyTimestamp: " + time + "\n";
    }

    /** Group DN → role: g0000..g0009 (large) → role00..09, g0020..g0029 (with a subgroup) → role10..19. */
    static Map<String, List<String>> groupRoles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (int k = 0; k < MAPPED; k++) {
            int g = k < MAPPED / 2 ? k : LARGE_GROUPS + k - MAPPED / 2;
            roles.put("cn=" + group(g) + "," + GROUPS_OU, List.of(String.format("role%02d", k)));
        }
        return roles;
    }

    static LdapSettings settings(Slapd slapd) {
        return slapd.settings().pageSize(1000).nestedGroups(true)
                .attributes(new LdapSettings.AttributeMapping("entryUUID", "uid", "mail", "displayName", null))
                .groupRoles(groupRoles()).maxRemovalPercent(10).build();
    }

    // ---- the service ---------------------------------------------------------------------

    static void recreateDatabase(String pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private Process startService(Path jar, String url, Path log) throws IOException {
        int port = Integer.getInteger("bench.port", 18090);
        base = "http://127.0.0.1:" + port;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ProcessBuilder(javaBinary(), "-Xmx2g", "-Dquarkus.profile=dev", "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + url, "-Dquarkus.datasource.username=postgres",
                // trust authentication ignores it, but RevisionFeed refuses an empty password
                "-Dquarkus.datasource.password=unused",
                "-Drolegate.sso.key-encryption-key=" + Base64.getEncoder().encodeToString(key),
                "-Dquarkus.datasource.jdbc.acquisition-timeout=30S", "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"dev.rolegate.ldapsync\".level=DEBUG",
                "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitHealthy(Process service, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready within 300 s: " + Files.readString(log));
    }

    private JsonNode call(String method, String path, String token, Object body, int... expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // right after a run, the admin guard waits for the account's new snapshot (100,000 users)
        // and may answer 503 revision_unavailable: wait for it, and say how long it took
        long waited = 0;
        while (response.statusCode() == 503 && response.body().contains("revision_unavailable")) {
            Thread.sleep(250);
            waited += 250;
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (waited > 0) {
            System.out.printf("  (%s %s waited about %,d ms for the account's new snapshot: 503 revision_unavailable)%n",
                    method, path, waited);
        }
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }

    private String token(Map<String, Object> claims) throws Exception {
        return call("POST", "/dev/token", null, claims, 200).get("token").asText();
    }

    private void benchmark(Slapd slapd, Path log) throws Exception {
        String account = "ldapbench";
        String platform = token(Map.of("scope", "rbac:platform"));
        call("POST", "/v1/accounts", platform, Map.of("id", account, "name", "LDAP bench", "template", "saas-analytics",
                "owner", "bench"), 201);
        String admin = token(Map.of("scope", "rbac:admin", "account", account, "sub", "bench", "ttl", 86400));
        String checker = token(Map.of("scope", "rbac:check", "account", account, "sub", "bench", "ttl", 86400));
        String a = "/v1/accounts/" + account;
        for (int k = 0; k < MAPPED; k++) {
            String n = String.format("%02d", k);
            call("PUT", a + "/permissions/bench.p" + n, admin, Map.of("operations", List.of("bench.op" + n)), 201);
            call("PUT", a + "/roles/role" + n, admin, Map.of("permissions", List.of("bench.p" + n)), 201);
        }
        Map<String, Object> body = slapd.settingsBody();
        body.put("pageSize", 1000);
        body.put("groupRoles", groupRoles());
        body.put("maxRemovalPercent", 10);
        call("PUT", a + "/directory/ldap", admin, body, 201);

        sync(a, admin, "full", log, "full sync");
        sync(a, admin, "incremental", log, "incremental, nothing changed");
        sync(a, admin, "incremental", log, "incremental, nothing changed (again)");
        try (LDAPConnection root = slapd.admin()) {
            for (int i = 0; i < USERS; i += 100) {
                root.modify("uid=" + user(i) + "," + PEOPLE,
                        new Modification(ModificationType.REPLACE, "displayName", "Renamed " + i));
            }
        }
        sync(a, admin, "incremental", log, "incremental, 1% changed");
        sync(a, admin, "full", log, "full sync, nothing changed");

        // spot checks: role00 comes from large group g0000 (users 0, 20, 40...), role10 from g0020
        // and its subgroup g0120
        boolean u0 = check(a, checker, user(0), "bench.op00");
        boolean u1 = check(a, checker, user(1), "bench.op00");
        System.out.printf("checks: %s bench.op00=%s (expected true), %s bench.op00=%s (expected false)%n",
                user(0), u0, user(1), u1);
    }

    private boolean check(String a, String token, String subject, String operation) throws Exception {
        return call("POST", a + "/check", token, Map.of("subject", subject, "operation", operation), 200).get("allowed").asBoolean();
    }

    private void sync(String a, String admin, String mode, Path log, String label) throws Exception {
        long before = Files.size(log);
        long start = System.nanoTime();
        JsonNode run = call("POST", a + "/directory/ldap/sync", admin, Map.of("mode", mode), 200, 202);
        while (!run.path("finishedAt").isTextual()) { // an asynchronous run: poll its record
            Thread.sleep(100);
            run = call("GET", a + "/directory/ldap/runs/" + run.get("id").asText(), admin, null, 200);
        }
        long wall = ms(start, System.nanoTime());
        long recorded = Duration.between(Instant.parse(run.get("startedAt").asText()), Instant.parse(run.get("finishedAt").asText()))
                .toMillis();
        String tail = Files.readString(log).substring((int) before);
        System.out.printf("%-40s %-9s wall %,7d ms (run record %,7d ms; state load %s ms, apply %s ms)): "
                        + "users +%d ~%d -%d, groups +%d, assignments +%d -%d%n",
                label, run.get("status").asText(), wall, recorded, last(STATE_LOG, tail), last(APPLY_LOG, tail),
                run.get("usersCreated").asInt(), run.get("usersUpdated").asInt(), run.get("usersDeprovisioned").asInt(),
                run.get("groupsCreated").asInt(), run.get("assignmentsAdded").asInt(), run.get("assignmentsRemoved").asInt());
        System.out.printf("  service timing: %s%n", last(TIMING_LOG, tail));
        if (!"succeeded".equals(run.get("status").asText())) {
            throw new IllegalStateException(label + " did not succeed: " + run);
        }
    }

    private static String last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        String value = "-";
        while (m.find()) {
            value = m.group(1);
        }
        return value;
    }

    // ---- read and plan alone ---------------------------------------------------------------

    private static void inProcess(Slapd slapd) throws Exception {
        LdapSettings settings = settings(slapd);
        UnboundIdDirectory ldap = new UnboundIdDirectory();
        PlanOptions options = PlanOptions.of(settings, ldap::dn);
        for (int round = 1; round <= Integer.getInteger("bench.rounds", 1); round++) {
            long t0 = System.nanoTime();
            DirectoryRead read;
            try (DirectoryReader reader = ldap.open(settings, LdapClientOptions.defaults())) {
                read = reader.readFull();
            }
            long t1 = System.nanoTime();
            SyncPlan first = SyncPlanner.plan(read, CurrentState.empty(), options);
            long t2 = System.nanoTime();
            CurrentState synced = inSync(((SyncPlan.Ready) first).changes());
            long t3 = System.nanoTime();
            SyncPlan second = SyncPlanner.plan(read, synced, options);
            long t4 = System.nanoTime();
            SyncChanges c = ((SyncPlan.Ready) first).changes();
            long t5 = System.nanoTime();
            long open;
            long[] again = new long[3];
            try (DirectoryReader reader = ldap.open(settings, LdapClientOptions.defaults())) {
                open = System.nanoTime() - t5;
                for (int k = 0; k < again.length; k++) {
                    long s0 = System.nanoTime();
                    DirectoryRead changes = reader.readChanges(read.highWatermark());
                    again[k] = System.nanoTime() - s0;
                    if (!changes.users().isEmpty() || !changes.groups().isEmpty()) {
                        throw new IllegalStateException("changes found in an unchanged directory");
                    }
                }
            }
            System.out.printf("in-process incremental read, nothing changed: open (connect, StartTLS, bind) %.1f ms; "
                    + "read on the open pool %.1f / %.1f / %.1f ms%n", open / 1e6, again[0] / 1e6, again[1] / 1e6, again[2] / 1e6);
            System.out.printf("in-process round %d: read %,d users and %,d groups in %,d ms; plan against an empty account "
                            + "%,d ms (%,d memberships, %,d assignments); plan against an account in sync %,d ms (%s)%n",
                    round, read.users().size(), read.groups().size(), ms(t0, t1), ms(t1, t2), c.membershipsToAdd().size(),
                    c.assignmentsToAdd().size(), ms(t3, t4), ((SyncPlan.Ready) second).changes().isEmpty() ? "no changes" : "CHANGES?");
        }
    }

    /** The account as the first plan leaves it (group id = stable id). */
    private static CurrentState inSync(SyncChanges c) {
        Map<String, String> userIds = new HashMap<>();
        List<CurrentState.User> users = new ArrayList<>();
        for (SyncChanges.UserCreate u : c.usersToCreate()) {
            userIds.put(u.stableId(), u.userId());
            users.add(new CurrentState.User(u.userId(), CurrentState.Source.LDAP, u.stableId(), u.dn(), u.email(), u.displayName(),
                    UserStatus.ACTIVE));
        }
        List<CurrentState.Group> groups = c.groupsToCreate().stream().map(g -> new CurrentState.Group(g.stableId(),
                CurrentState.Source.LDAP, g.stableId(), g.dn(), g.name())).toList();
        List<CurrentState.Membership> memberships = c.membershipsToAdd().stream()
                .map(m -> new CurrentState.Membership(m.groupStableId(), userIds.get(m.userStableId()))).toList();
        List<CurrentState.Assignment> assignments = c.assignmentsToAdd().stream().map(x -> new CurrentState.Assignment(
                AssigneeKind.USER, userIds.get(x.userStableId()), x.role(), AssignmentSource.LDAP)).toList();
        return new CurrentState(users, groups, memberships, assignments);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
