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
import java.util.Base64;

/**
 * An RSA key pair in PEM files (PKCS#8 private key, X.509 SubjectPublicKeyInfo public key),
 * generated on first use. Used for the dev profile's token endpoint and by the tests; never in
 * production, where the verification key comes from configuration.
 */
public final class DevKeys {

    public static final String PRIVATE_KEY_FILE = "dev-only-jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "dev-only-jwt-public.pem";

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
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file stays as created
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write dev keys to " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JDK", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
