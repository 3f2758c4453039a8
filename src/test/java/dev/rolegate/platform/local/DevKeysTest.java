package dev.rolegate.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev profile's generated key-encryption key: the configured form, kept across starts, owner-only. */
class DevKeysTest {

    @Test
    void theKeyEncryptionKeyIs32BytesBase64AndStaysTheSame(@TempDir Path dir) throws Exception {
        String key = DevKeys.ensureKeyEncryptionKey(dir.resolve("dev-keys"));
        assertEquals(32, Base64.getDecoder().decode(key).length);
        assertEquals(key, DevKeys.ensureKeyEncryptionKey(dir.resolve("dev-keys")), "read back, not regenerated");
        Path file = dir.resolve("dev-keys").resolve(DevKeys.KEY_ENCRYPTION_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNotEquals(key, DevKeys.ensureKeyEncryptionKey(dir.resolve("other")), "random per data directory");
    }
}
