package dev.rolegate.ldapsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapDirectory;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.ldap.unboundid.UnboundIdDirectory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-account reader (connection pool) kept across sync runs. */
class DirectoryReadersTest {

    static TestDirectory directory;

    /** Counts the readers opened, i.e. the connects (TCP, TLS, bind). */
    static final class CountingDirectory implements LdapDirectory {
        final UnboundIdDirectory real = new UnboundIdDirectory();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public void check(LdapSettings settings) {
            real.check(settings);
        }

        @Override
        public dev.rolegate.ldap.LdapDestination destination(LdapSettings settings) {
            return real.destination(settings);
        }

        @Override
        public DirectoryReader open(LdapSettings settings, LdapClientOptions options) throws LdapException {
            opened.incrementAndGet();
            return real.open(settings, options);
        }

        @Override
        public DirectoryDn dn(String dn) {
            return real.dn(dn);
        }
    }

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    final CountingDirectory ldap = new CountingDirectory();
    final DirectoryReaders readers = new DirectoryReaders();

    @BeforeEach
    void wire() {
        readers.ldap = ldap;
        readers.options = LdapClientOptions.defaults();
    }

    @AfterEach
    void closeAll() {
        readers.closeAll();
    }

    /** The users a full read through the kept reader finds. */
    static int users(DirectoryReaders readers, String account, LdapSettings settings) throws LdapException {
        return readers.with(account, settings, reader -> reader.readFull().users().size());
    }

    @Test
    void aSecondRunWithTheSameSettingsReusesTheOpenReader() throws Exception {
        LdapSettings settings = directory.settings().build();
        DirectoryReader first = readers.with("acme", settings, reader -> reader);
        assertEquals(6, users(readers, "acme", settings));
        DirectoryReader second = readers.with("acme", directory.settings().build(), reader -> reader);
        assertSame(first, second);
        assertEquals(1, ldap.opened.get());
        readers.closeAll();
        assertEquals(0, readers.size());
    }

    @Test
    void changedSettingsCloseTheOldReaderAndOpenANewOne() throws Exception {
        DirectoryReader first = readers.with("acme", directory.settings().build(), reader -> reader);
        LdapSettings changed = directory.settings().pageSize(7).build();
        DirectoryReader second = readers.with("acme", changed, reader -> reader);
        assertEquals(2, ldap.opened.get());
        assertEquals(6, users(readers, "acme", changed));
        // the old reader's pool is closed
        assertThrows(LdapException.class, first::readFull);
        assertEquals(1, readers.size());
        assertSame(second, readers.with("acme", changed, reader -> reader));
    }

    @Test
    void aFailedRunClosesTheReaderAndTheNextRunConnectsAfresh() throws Exception {
        LdapSettings settings = directory.settings().build();
        DirectoryReader first = readers.with("acme", settings, reader -> reader);
        LdapException failure = assertThrows(LdapException.class, () -> readers.with("acme", settings, reader -> {
            throw new LdapException(LdapFailure.UNAVAILABLE, "gone");
        }));
        assertEquals(LdapFailure.UNAVAILABLE, failure.failure());
        assertEquals(0, readers.size());
        assertThrows(LdapException.class, first::readFull);
        assertEquals(6, users(readers, "acme", settings));
        assertEquals(2, ldap.opened.get());
    }

    @Test
    void accountsPastTheBoundCloseTheLeastRecentlyUsed() throws Exception {
        LdapSettings settings = directory.settings().build();
        DirectoryReader eldest = readers.with("a0", settings, reader -> reader);
        for (int i = 1; i <= DirectoryReaders.MAX_ACCOUNTS; i++) {
            readers.with("a" + i, settings, reader -> reader);
        }
        assertEquals(DirectoryReaders.MAX_ACCOUNTS, readers.size());
        assertThrows(LdapException.class, eldest::readFull);
        assertEquals(DirectoryReaders.MAX_ACCOUNTS + 1, ldap.opened.get());
    }
}
