package dev.rolegate.sso;

import dev.rolegate.sso.store.SsoRepository;
import dev.rolegate.sso.store.SsoRepository.StoredKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The RSA key that signs session JWTs, shared by every replica through the database: the
 * first replica that needs it generates it (RSA 3072) and stores it; a concurrent first
 * generation on another replica loses the insert and uses the stored key. Held in memory once
 * read. Thread-safe.
 *
 * <p>The private key is stored as PKCS#8 DER in {@code sso_signing_key}, encrypted by
 * {@link KeySealer} under {@code rolegate.sso.key-encryption-key}, which the launcher requires
 * (without it anyone who can read that table could mint sessions). Rotation is open (docs/saml.md).
 */
@ApplicationScoped
public class SessionKeys {

    static final String PURPOSE = "session";

    /** A loaded signing key. */
    public record SigningKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey) {
    }

    @Inject
    SsoRepository repository;

    @Inject
    KeySealer sealer;

    private volatile SigningKey current;

    /** The key new session JWTs are signed with. */
    public SigningKey current() {
        SigningKey key = current;
        if (key == null) {
            synchronized (this) {
                key = current;
                if (key == null) {
                    key = load(repository.signingKey(PURPOSE).orElseGet(() -> repository.addSigningKeyIfAbsent(PURPOSE, generate(sealer))));
                    current = key;
                }
            }
        }
        return key;
    }

    /**
     * The JSON Web Key Set (RFC 7517 §5) of the session keys: public parts only, with
     * {@code kid}, {@code use: sig} and {@code alg: RS256}.
     */
    public Map<String, Object> jwks() {
        SigningKey key = current();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", base64Url(key.publicKey().getModulus()));
        jwk.put("e", base64Url(key.publicKey().getPublicExponent()));
        return Map.of("keys", List.of(jwk));
    }

    private static StoredKey generate(KeySealer sealer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            KeyPair pair = generator.generateKeyPair();
            String kid = "session-" + UUID.randomUUID();
            return new StoredKey(kid, sealer.seal(kid, pair.getPrivate().getEncoded()), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the session signing key", e);
        }
    }

    private SigningKey load(StoredKey stored) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new SigningKey(stored.kid(), rsa.generatePrivate(new PKCS8EncodedKeySpec(sealer.open(stored.kid(), stored.privateKey()))),
                    (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(stored.publicKey())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored session signing key " + stored.kid() + " cannot be read", e);
        }
    }

    /** RFC 7518 §6.3.1: unsigned big-endian, no leading zero octet, base64url without padding. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
