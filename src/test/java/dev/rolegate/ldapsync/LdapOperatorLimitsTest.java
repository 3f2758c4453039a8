package dev.rolegate.ldapsync;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator decides for every account's LDAP connections: the hosts settings may name
 * ({@code rolegate.ldap.allowed-hosts}, issue 11 item 2) and the connect and response timeouts
 * (item 9).
 */
@QuarkusTest
@TestProfile(LdapOperatorLimitsTest.Limits.class)
class LdapOperatorLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.ldap.allowed-hosts", "localhost,*.corp.example",
                    "rolegate.ldap.connect-timeout", "3s",
                    "rolegate.ldap.response-timeout", "7s");
        }
    }

    private static TestDirectory directory;

    @Inject
    LdapClientOptions options;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void theTimeoutsComeFromTheConfiguration() {
        Assertions.assertEquals(Duration.ofSeconds(3), options.connectTimeout());
        Assertions.assertEquals(Duration.ofSeconds(7), options.responseTimeout());
    }

    @Test
    void settingsNamingAnotherHostAreRefusedAndNothingIsStored() {
        String a = Api.createAccount("ldaphosts");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        Map<String, Object> elsewhere = directory.apiSettings();
        elsewhere.put("url", directory.ldapUrl().replace("localhost", "127.0.0.1")); // the same server, by another name
        as(owner).body(elsewhere).put(base + "/directory/ldap").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("ldap_host_not_allowed"))
                .body("errors.pointer", equalTo(List.of("/url")));
        as(owner).get(base + "/directory/ldap").then().statusCode(404).body("code", equalTo("ldap_not_configured"));
        as(owner).body(elsewhere).post(base + "/directory/ldap/test").then().statusCode(422)
                .body("code", equalTo("ldap_host_not_allowed"));

        Map<String, Object> allowed = directory.apiSettings();
        as(owner).body(allowed).put(base + "/directory/ldap").then().statusCode(201);
        as(owner).post(base + "/directory/ldap/test").then().statusCode(200).body("users", equalTo(6));
        // with the password, too: the operator's list is not the account's to widen
        as(owner).body(elsewhere).put(base + "/directory/ldap").then().statusCode(422)
                .body("code", equalTo("ldap_host_not_allowed"));
        as(owner).get(base + "/directory/ldap").then().statusCode(200).body("url", equalTo(directory.ldapUrl()));
    }
}
