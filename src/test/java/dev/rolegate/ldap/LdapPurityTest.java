package dev.rolegate.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md: UnboundID types stay inside the adapter. Until the project's ArchUnit suite covers
 * this package, this test reads the compiled classes of {@code dev.rolegate.ldap} itself (not its
 * subpackages) and fails when any of them refers to {@code com.unboundid}, Quarkus, JPA or
 * Jackson: a class file names every type it uses in its constant pool.
 */
class LdapPurityTest {

    private static final List<String> FORBIDDEN = List.of("com/unboundid/", "io/quarkus/", "jakarta/persistence/",
            "com/fasterxml/jackson/", "jakarta/ws/rs/");

    @Test
    void thePurePackageUsesNoLibraryTypes() throws IOException, URISyntaxException {
        Path classes = Path.of(SyncPlanner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("dev/rolegate/ldap");
        List<Path> compiled;
        try (Stream<Path> files = Files.list(pkg)) {
            compiled = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(compiled.size() > 20, "found the compiled classes: " + compiled.size());
        List<String> offenders = compiled.stream().filter(LdapPurityTest::refersToForbidden)
                .map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(), offenders);
    }

    private static boolean refersToForbidden(Path classFile) {
        try {
            String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return FORBIDDEN.stream().anyMatch(constants::contains);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
