package dev.rolegate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFReader;
import dev.rolegate.sso.SpEndpoints;
import dev.rolegate.sso.SsoConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Docker Compose demo ({@code docker/}) agrees with the application, without a Docker engine
 * (issue 7 item 5): every file the compose file and the Dockerfile reference exists, ports and
 * environment names match the application's configuration, the Keycloak realm's SAML client
 * names the SP endpoints Rolegate builds for the demo account, and the OpenLDAP seed fits the
 * demo's LDAP settings and the template's roles.
 */
class ComposeConsistencyTest {

    static final Path DOCKER = Path.of("docker");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path DEMO = DOCKER.resolve("demo");

    /**
     * Quarkus and MicroProfile properties the demo may set that neither application.properties
     * nor Rolegate's sources name; each one is documented by Quarkus or MicroProfile JWT.
     */
    static final Set<String> FRAMEWORK_PROPERTIES = Set.of(
            "quarkus.profile",
            "quarkus.http.host",
            "quarkus.swagger-ui.enabled",
            "mp.jwt.verify.publickey",
            "mp.jwt.verify.publickey.location");

    static final Pattern CHECKED_ENV = Pattern.compile("(QUARKUS|ROLEGATE|MP|SMALLRYE)_.*");

    static Map<String, Object> compose;
    static Map<String, Object> services;
    static Properties application;
    static ObjectMapper json = new ObjectMapper();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(reader);
        }
        services = (Map<String, Object>) compose.get("services");
        application = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            application.load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        assertNotNull(service, "compose service " + name);
        return service;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String name) {
        Map<String, Object> env = (Map<String, Object>) service(name).getOrDefault("environment", Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((k, v) -> values.put(k, String.valueOf(v)));
        return values;
    }

    /** "host:container" port mappings of a service, as {container → host}. */
    @SuppressWarnings("unchecked")
    static Map<Integer, Integer> ports(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object mapping : (List<Object>) service(name).getOrDefault("ports", List.of())) {
            String[] parts = String.valueOf(mapping).split(":");
            ports.put(Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
        }
        return ports;
    }

    static List<String> dockerfile() throws IOException {
        return Files.readAllLines(DOCKER.resolve("Dockerfile"));
    }

    static String demoAccount() throws IOException {
        return json.readTree(DEMO.resolve("account.json").toFile()).path("id").asText();
    }

    static Set<String> templateRoles(String template) throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("policies", "templates", template + ".yaml"))) {
            Map<String, Object> policy = new Yaml().load(reader);
            @SuppressWarnings("unchecked")
            Map<String, Object> roles = (Map<String, Object>) policy.get("roles");
            return roles.keySet();
        }
    }

    // ---- files -------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void everyReferencedFileExists() throws IOException {
        Map<String, Object> build = (Map<String, Object>) service("rolegate").get("build");
        Path context = DOCKER.resolve(String.valueOf(build.get("context"))).normalize();
        assertTrue(Files.isRegularFile(context.resolve("pom.xml")), "the build context is the repository root: " + context);
        Path dockerfile = context.resolve(String.valueOf(build.get("dockerfile")));
        assertTrue(Files.isRegularFile(dockerfile), dockerfile.toString());
        assertEquals(DOCKER.resolve("Dockerfile").toAbsolutePath().normalize(), dockerfile.toAbsolutePath().normalize());
        assertTrue(Files.isRegularFile(DOCKER.resolve("Dockerfile.dockerignore")));

        Set<String> declaredVolumes = ((Map<String, Object>) compose.getOrDefault("volumes", Map.of())).keySet();
        int bindMounts = 0;
        for (String name : services.keySet()) {
            for (Object volume : (List<Object>) service(name).getOrDefault("volumes", List.of())) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path file = DOCKER.resolve(source).normalize();
                    assertTrue(Files.exists(file), name + " mounts a missing " + file);
                    bindMounts++;
                } else {
                    assertTrue(declaredVolumes.contains(source), name + " uses an undeclared volume " + source);
                }
            }
        }
        assertEquals(2, bindMounts, "the LDIF and the realm file");
        for (String demo : List.of("account.json", "ldap-settings.json", "saml-config.json")) {
            assertTrue(Files.isRegularFile(DEMO.resolve(demo)), demo);
        }
        String readme = Files.readString(DOCKER.resolve("README.md"));
        for (String demo : List.of("demo/account.json", "demo/ldap-settings.json", "demo/saml-config.json")) {
            assertTrue(readme.contains(demo), "docker/README.md uses " + demo);
        }
        assertTrue(Files.readString(Path.of("README.md")).contains("docker/README.md"), "README links the demo");
    }

    // ---- ports, health, image ----------------------------------------------------------------------

    @Test
    void theServicePortAndHealthCheckMatchTheApplication() throws IOException {
        int port = Integer.parseInt(application.getProperty("quarkus.http.port"));
        assertEquals(Map.of(port, port), ports("rolegate"));
        // the demo runs the dev profile, whose POST /dev/token mints tokens: the host's loopback only
        assertEquals("dev", environment("rolegate").get("QUARKUS_PROFILE"));
        assertEquals(List.of("127.0.0.1:" + port + ":" + port), service("rolegate").get("ports"));
        assertFalse(environment("rolegate").containsKey("QUARKUS_HTTP_PORT"), "the port comes from application.properties");
        List<String> lines = dockerfile();
        assertTrue(lines.contains("EXPOSE " + port), "EXPOSE " + port);
        String healthcheck = String.join("\n", lines.subList(indexOf(lines, "HEALTHCHECK"), lines.size()));
        assertTrue(healthcheck.contains("/dev/tcp/127.0.0.1/" + port), healthcheck);
        assertTrue(healthcheck.contains("GET " + HealthTest.READY + " "), "the health check asks readiness: " + healthcheck);
        assertTrue(healthcheck.contains("grep -q ' 200 '"), "only a 200 status line passes");
    }

    @Test
    void theImageCopiesTheFastJarAndRunsAsANonRootUser() throws IOException {
        List<String> lines = dockerfile();
        Set<String> copied = new TreeSet<>();
        String user = null;
        String entrypoint = null;
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY")) {
                List<String> args = Stream.of(words).skip(1).filter(w -> !w.startsWith("--")).collect(Collectors.toList());
                String target = args.get(args.size() - 1);
                for (String source : args.subList(0, args.size() - 1)) {
                    assertTrue(source.startsWith("target/quarkus-app/"), "copies only the fast-jar: " + line);
                    String entry = source.substring("target/quarkus-app/".length());
                    copied.add(entry);
                    String placed = target.endsWith("/") && !entry.endsWith("/") ? target + entry : target;
                    assertEquals("/opt/rolegate/" + entry, placed, line);
                }
                assertTrue(line.contains("--chown=rolegate:rolegate"), line);
            } else if (words[0].equals("USER")) {
                user = words[1];
            } else if (words[0].equals("ENTRYPOINT")) {
                entrypoint = line;
            }
        }
        // the fast-jar layout (quarkus.package.jar.type=fast-jar)
        assertEquals(new TreeSet<>(List.of("app/", "lib/", "quarkus-run.jar", "quarkus/")), copied);
        assertNotNull(user, "a USER line");
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:"), user);
        assertTrue(String.join("\n", lines).contains("useradd --system --uid 1001 --gid rolegate"), "the user is created");
        assertTrue(indexOf(lines, "USER") < indexOf(lines, "ENTRYPOINT"), "the service starts as that user");
        assertTrue(entrypoint.contains("\"/opt/rolegate/quarkus-run.jar\""), entrypoint);
        List<String> ignore = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore"));
        assertTrue(ignore.contains("*") && ignore.contains("!target/quarkus-app/*"), "the build context is the fast-jar only");
    }

    // ---- environment names ---------------------------------------------------------------------

    @Test
    void everyEnvironmentNameIsAPropertyTheApplicationReads() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        for (String property : knownProperties()) {
            known.put(property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), property);
        }
        List<String> names = new ArrayList<>(environment("rolegate").keySet());
        for (String line : dockerfile()) {
            Matcher env = Pattern.compile("(?:ENV\\s+|^\\s+)([A-Z][A-Z0-9_]*)=").matcher(line);
            if (env.find()) {
                names.add(env.group(1));
            }
        }
        int checked = 0;
        for (String name : names) {
            if (CHECKED_ENV.matcher(name).matches()) {
                assertTrue(known.containsKey(name), name + " is no property the application reads; known: " + known.keySet());
                checked++;
            }
        }
        assertTrue(checked >= 8, "checked " + checked + " names");
    }

    /**
     * The properties of this application: application.properties (any profile), every
     * {@code @ConfigProperty(name = ...)} and {@code @ConfigMapping} member in the sources, the
     * settings {@code RolegateMain} and {@code LaunchChecks} read before Quarkus starts, and
     * {@link #FRAMEWORK_PROPERTIES}.
     */
    static Set<String> knownProperties() throws IOException {
        Set<String> known = new TreeSet<>(FRAMEWORK_PROPERTIES);
        for (String key : application.stringPropertyNames()) {
            known.add(key.replaceFirst("^%[a-z]+\\.", ""));
        }
        Pattern configProperty = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");
        Pattern mapping = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
        Pattern member = Pattern.compile("^\\s+[\\w.<>, ]+\\s(\\w+)\\(\\);", Pattern.MULTILINE);
        Pattern setting = Pattern.compile("setting\\((?:settings, )?\"([^\"]+)\"");
        Pattern launchCheck = Pattern.compile("\"((?:quarkus|rolegate|mp|smallrye)\\.[a-z0-9.-]+)\"");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        int mappings = 0;
        for (Path source : sources) {
            String text = Files.readString(source);
            configProperty.matcher(text).results().forEach(m -> known.add(m.group(1)));
            if (source.endsWith("RolegateMain.java")) {
                setting.matcher(text).results().forEach(m -> known.add(m.group(1)));
            }
            if (source.endsWith("LaunchChecks.java")) {
                launchCheck.matcher(text).results().forEach(m -> known.add(m.group(1)));
            }
            Matcher prefix = mapping.matcher(text);
            if (prefix.find()) {
                mappings++;
                Matcher members = member.matcher(text);
                while (members.find()) {
                    known.add(prefix.group(1) + "." + kebab(members.group(1)));
                }
            }
        }
        assertTrue(mappings >= 3, "found the @ConfigMapping interfaces");
        assertTrue(known.contains("rolegate.sso.key-encryption-key"), "mapping members are read: " + known);
        return known;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Test
    void theServiceIsWiredToThePostgresService() {
        Map<String, String> rolegate = environment("rolegate");
        Map<String, String> postgres = environment("postgres");
        URI jdbc = URI.create(rolegate.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        assertEquals("postgresql", jdbc.getScheme());
        assertTrue(services.containsKey(jdbc.getHost()), "the JDBC URL names a compose service: " + jdbc);
        assertEquals(5432, jdbc.getPort());
        assertEquals("/" + postgres.get("POSTGRES_DB"), jdbc.getPath());
        assertEquals(postgres.get("POSTGRES_USER"), rolegate.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(postgres.get("POSTGRES_PASSWORD"), rolegate.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals(32, Base64.getDecoder().decode(rolegate.get("ROLEGATE_SSO_KEY_ENCRYPTION_KEY")).length,
                "the key-encryption key is 32 bytes");
        @SuppressWarnings("unchecked")
        Map<String, Object> dependsOn = (Map<String, Object>) service("rolegate").get("depends_on");
        assertTrue(dependsOn.containsKey(jdbc.getHost()));
        assertNotNull(service(jdbc.getHost()).get("healthcheck"), "the database says when it is ready");
    }

    // ---- Keycloak realm ------------------------------------------------------------------------

    @Test
    void theRealmsSamlClientIsTheDemoAccountsSp() throws IOException {
        JsonNode realm = json.readTree(DOCKER.resolve("keycloak/realm-rolegate.json").toFile());
        assertRealmIsImported();
        List<JsonNode> saml = new ArrayList<>();
        realm.path("clients").forEach(c -> {
            if (c.path("protocol").asText().equals("saml")) {
                saml.add(c);
            }
        });
        assertEquals(1, saml.size(), "one SAML client");
        JsonNode client = saml.get(0);

        String base = environment("rolegate").get("ROLEGATE_SSO_PUBLIC_BASE_URL");
        // the real mapping with its defaults; Quarkus's converters read durations such as "60s"
        // and sizes such as "256K"
        SsoConfig sso = new SmallRyeConfigBuilder().withMapping(SsoConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new PropertiesConfigSource(Map.of("rolegate.sso.public-base-url", base), "compose", 500))
                .build().getConfigMapping(SsoConfig.class);
        SpEndpoints endpoints = new SpEndpoints(sso);
        String account = demoAccount();
        assertEquals(endpoints.entityId(account), client.path("clientId").asText(), "Keycloak's client id is the SP entityID");
        JsonNode attributes = client.path("attributes");
        assertEquals(endpoints.acsUrl(account), attributes.path("saml_assertion_consumer_url_post").asText());
        assertEquals(List.of(endpoints.acsUrl(account)), list(client.path("redirectUris")));
        // Rolegate needs a signed assertion or response, RSA-SHA256 (no SHA-1), unencrypted here
        assertEquals("true", attributes.path("saml.assertion.signature").asText());
        assertEquals("true", attributes.path("saml.server.signature").asText());
        assertEquals("RSA_SHA256", attributes.path("saml.signature.algorithm").asText());
        assertEquals("false", attributes.path("saml.client.signature").asText(), "Rolegate's AuthnRequests are unsigned");
        // the browser reaches Rolegate where the SP endpoints say
        URI publicBase = URI.create(base);
        assertEquals(Map.of(8080, publicBase.getPort()), ports("rolegate"));

        // the attributes the demo SAML configuration reads are the ones the client sends
        JsonNode config = json.readTree(DEMO.resolve("saml-config.json").toFile());
        Map<String, JsonNode> mappers = new LinkedHashMap<>();
        client.path("protocolMappers").forEach(m -> mappers.put(m.path("config").path("attribute.name").asText(), m));
        for (String attribute : List.of("emailAttribute", "displayNameAttribute", "groupsAttribute")) {
            assertTrue(mappers.containsKey(config.path(attribute).asText()), attribute + " is sent by Keycloak");
        }
        assertEquals("saml-group-membership-mapper", mappers.get(config.path("groupsAttribute").asText()).path("protocolMapper").asText());
        assertEquals("false", mappers.get(config.path("groupsAttribute").asText()).path("config").path("full.path").asText(),
                "group names, not paths, as groupRoles keys");

        Set<String> groups = new HashSet<>();
        realm.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        Set<String> roles = templateRoles(json.readTree(DEMO.resolve("account.json").toFile()).path("template").asText());
        config.path("groupRoles").fields().forEachRemaining(e -> {
            assertTrue(groups.contains(e.getKey()), "a realm group: " + e.getKey());
            list(e.getValue()).forEach(role -> assertTrue(roles.contains(role), "a template role: " + role));
        });
        list(config.path("defaultRoles")).forEach(role -> assertTrue(roles.contains(role), role));
        realm.path("users").forEach(u -> {
            assertFalse(u.path("email").asText().isEmpty(), "every demo user has the email the NameID carries");
            list(u.path("groups")).forEach(g -> assertTrue(groups.contains(g.substring(1)), g));
        });

        // Keycloak's own URL (its entityID and SSO URL) is where the browser reaches it
        URI keycloak = URI.create(environment("keycloak").get("KC_HOSTNAME"));
        assertEquals(Map.of(8080, keycloak.getPort()), ports("keycloak"));
        String descriptor = keycloak + "/realms/" + realm.path("realm").asText() + "/protocol/saml/descriptor";
        assertTrue(Files.readString(DOCKER.resolve("README.md")).contains(descriptor), "the README fetches " + descriptor);
    }

    @SuppressWarnings("unchecked")
    static void assertRealmIsImported() {
        assertTrue(((List<Object>) service("keycloak").get("command")).contains("--import-realm"));
        for (Object volume : (List<Object>) service("keycloak").get("volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].equals("./keycloak/realm-rolegate.json")) {
                assertTrue(parts[1].startsWith("/opt/keycloak/data/import/"), parts[1]);
                return;
            }
        }
        throw new AssertionError("the realm file is not mounted for import");
    }

    static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    // ---- OpenLDAP seed -------------------------------------------------------------------------

    @Test
    void theSeedLdifFitsTheDemoLdapSettings() throws Exception {
        Map<String, String> ldap = environment("openldap");
        DN base = new DN(ldap.get("LDAP_BASE_DN"));
        String domainBase = Stream.of(ldap.get("LDAP_DOMAIN").split("\\.")).map(dc -> "dc=" + dc).collect(Collectors.joining(","));
        assertEquals(base, new DN(domainBase), "LDAP_DOMAIN and LDAP_BASE_DN agree");

        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(DOCKER.resolve("openldap/seed.ldif").toFile())) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                assertTrue(entry.getParsedDN().isDescendantOf(base, false), entry.getDN() + " is under " + base);
                entries.add(entry);
            }
        }
        assertEquals(10, entries.size(), "two OUs, four people, four groups");

        JsonNode settings = json.readTree(DEMO.resolve("ldap-settings.json").toFile());
        URI url = URI.create(settings.path("url").asText());
        assertEquals("openldap", url.getHost());
        assertTrue(ports("openldap").containsKey(url.getPort()), "the container port of the openldap service");
        assertEquals(new DN("cn=admin," + base), new DN(settings.path("bindDn").asText()), "the image's admin entry");
        assertEquals(ldap.get("LDAP_ADMIN_PASSWORD"), settings.path("bindPassword").asText());

        // load the seed into an in-memory server with the image's base entry and search as a sync would
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        try {
            server.add(new Entry(base, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "dcObject", "organization"),
                    new com.unboundid.ldap.sdk.Attribute("dc", base.getRDN().getAttributeValues()[0]),
                    new com.unboundid.ldap.sdk.Attribute("o", ldap.get("LDAP_ORGANISATION"))));
            for (Entry entry : entries) {
                server.add(entry);
            }
            List<String> users = server.search(settings.path("userBaseDn").asText(), SearchScope.SUB,
                    settings.path("userFilter").asText()).getSearchEntries().stream().map(e -> e.getAttributeValue("uid"))
                    .sorted().collect(Collectors.toList());
            assertEquals(List.of("carol", "dave", "erin", "frank"), users);
            Set<DN> groups = new HashSet<>();
            for (Entry group : server.search(settings.path("groupBaseDn").asText(), SearchScope.SUB,
                    settings.path("groupFilter").asText()).getSearchEntries()) {
                groups.add(group.getParsedDN());
                for (String member : group.getAttributeValues(settings.path("membership").asText())) {
                    assertNotNull(server.getEntry(member), group.getDN() + " has a member that exists: " + member);
                }
            }
            assertEquals(4, groups.size());
            Set<String> roles = templateRoles(json.readTree(DEMO.resolve("account.json").toFile()).path("template").asText());
            Iterable<Map.Entry<String, JsonNode>> mapped = () -> settings.path("groupRoles").fields();
            int mappings = 0;
            for (Map.Entry<String, JsonNode> mapping : mapped) {
                assertTrue(groups.contains(new DN(mapping.getKey())), "a seeded group: " + mapping.getKey());
                list(mapping.getValue()).forEach(role -> assertTrue(roles.contains(role), "a template role: " + role));
                mappings++;
            }
            assertEquals(3, mappings);
            for (String attribute : List.of("userId", "email", "displayName")) {
                String name = settings.path("attributes").path(attribute).asText();
                for (Entry user : server.search(settings.path("userBaseDn").asText(), SearchScope.ONE, "(objectClass=*)")
                        .getSearchEntries()) {
                    assertNotNull(user.getAttributeValue(name), user.getDN() + " has " + name);
                }
            }
        } finally {
            server.shutDown(true);
        }
    }

    private static int indexOf(List<String> lines, String instruction) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(instruction + " ")) {
                return i;
            }
        }
        throw new AssertionError("no " + instruction + " in the Dockerfile");
    }
}
