package dev.rolegate.sso;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts private keys before they go into the database, with AES-256-GCM under
 * {@link SsoConfig#keyEncryptionKey()}; the row's key id is the associated data, so a sealed
 * key copied to another row does not open. Stored form: {@code 0x01 ‖ 12-byte IV ‖ ciphertext
 * ‖ tag}. A PKCS#8 key stored in the clear starts with {@code 0x30} (DER SEQUENCE), so both
 * forms can be told apart and keys stored before encryption was configured stay readable.
 * Without a key it stores in the clear (with a warning); the launcher never lets the service
 * start that way ({@code platform.local.LaunchChecks}). Thread-safe.
 */
@ApplicationScoped
public class KeySealer {

    private static final Logger LOG = Logger.getLogger(KeySealer.class);
    private static final byte SEALED = 0x01;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKey> key;

    @Inject
    public KeySealer(SsoConfig config) {
        this(config.keyEncryptionKey().map(KeySealer::parse));
    }

    KeySealer(Optional<SecretKey> key) {
        this.key = key;
    }

    /** Whether a key is configured, i.e. {@link #seal} encrypts rather than storing in the clear. */
    public boolean encrypts() {
        return key.isPresent();
    }

    /** The stored form of a private key (its DER encoding) for the row {@code kid}. */
    public byte[] seal(String kid, byte[] plain) {
        if (key.isEmpty()) {
            LOG.warnf("rolegate.sso.key-encryption-key is not set: private key %s is stored unencrypted", kid);
            return plain.clone();
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[1 + IV_BYTES + sealed.length];
            out[0] = SEALED;
            System.arraycopy(iv, 0, out, 1, IV_BYTES);
            System.arraycopy(sealed, 0, out, 1 + IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt private key " + kid, e);
        }
    }

    /**
     * The DER encoding of a stored private key.
     *
     * @throws IllegalStateException when it is sealed and no key, or another key, is configured
     */
    public byte[] open(String kid, byte[] stored) {
        if (stored.length == 0 || stored[0] != SEALED) {
            return stored.clone();
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("private key " + kid
                    + " is encrypted but rolegate.sso.key-encryption-key is not set");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, stored, 1, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(Arrays.copyOfRange(stored, 1 + IV_BYTES, stored.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("private key " + kid
                    + " cannot be decrypted: rolegate.sso.key-encryption-key is not the key it was stored with", e);
        }
    }

    static SecretKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rolegate.sso.key-encryption-key must be base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("rolegate.sso.key-encryption-key must be 32 bytes (AES-256), base64");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
