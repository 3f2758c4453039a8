package dev.rolegate.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An RSA key pair in PEM files (PKCS#8 private key, X.509 SubjectPublicKeyInfo public key), and a
 * key-encryption key, generated on first use. Used for the dev profile's token endpoint and LDAP
 * settings, and by the tests; never in production, where the keys come from configuration.
 */
public final class DevKeys {

    public static final String PRIVATE_KEY_FILE = "dev-only-jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "dev-only-jwt-public.pem";
    public static final String KEY_ENCRYPTION_KEY_FILE = "dev-only-key-encryption-key";

    private DevKeys() {
    }

    /**
     * Makes sure {@code directory} holds a 2048-bit RSA key pair, generating it if absent.
     *
     * @return the directory, with {@link #PRIVATE_KEY_FILE} and {@link #PUBLIC_KEY_FILE} in it
     */
    public static Path ensure(Path directory) {
        Path privateKey = directory.resolve(PRIVATE_KEY_FILE);
        Path publicKey = directory.resolve(PUBLIC_KEY_FILE);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return directory;
        }
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            ownerOnly(privateKey);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write dev keys to " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JDK", e);
        }
    }

    /**
     * Makes sure {@code directory} holds a dev-only key-encryption key (32 random bytes, base64,
     * the form of {@code rolegate.sso.key-encryption-key}) in {@link #KEY_ENCRYPTION_KEY_FILE},
     * readable by the owner only, generating it if absent.
     *
     * @return the key, base64
     */
    public static String ensureKeyEncryptionKey(Path directory) {
        Path file = directory.resolve(KEY_ENCRYPTION_KEY_FILE);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(directory);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String base64 = Base64.getEncoder().encodeToString(key);
            Files.writeString(file, base64 + "\n", StandardCharsets.US_ASCII);
            ownerOnly(file);
            return base64;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the dev key-encryption key to " + directory, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the file stays as created
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
