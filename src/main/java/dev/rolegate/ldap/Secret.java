package dev.rolegate.ldap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A write-only secret such as the LDAP bind password. {@link #toString()} never reveals it, and
 * it only leaves this object as a fresh copy the caller should wipe after use.
 *
 * <p>Immutable (the constructor copies, {@link #chars()} and {@link #utf8()} return copies) and
 * safe to share between threads. Equality compares the contents in constant time.
 */
public final class Secret {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    /** Wraps a copy of {@code value}; the caller may wipe its array afterwards. */
    public static Secret of(char[] value) {
        if (value == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        return new Secret(value);
    }

    /** Wraps {@code value}; prefer {@link #of(char[])} where the caller holds a char array. */
    public static Secret of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        return new Secret(value.toCharArray());
    }

    /** True when the secret has no characters (an empty bind password is refused). */
    public boolean isEmpty() {
        return value.length == 0;
    }

    /** A copy of the characters; wipe it with {@code Arrays.fill(copy, '\0')} after use. */
    public char[] chars() {
        return value.clone();
    }

    /** The secret encoded as UTF-8 (the octets an LDAP simple bind sends, RFC 4511 §4.2). */
    public byte[] utf8() {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * Replaces every occurrence of the secret in {@code text} by {@code ***}: a last guard for
     * messages built from server diagnostics, which should never echo it but are not ours.
     */
    public String redact(String text) {
        if (text == null || value.length == 0) {
            return text;
        }
        return text.replace(new String(value), "***");
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Secret that)) {
            return false;
        }
        return MessageDigest.isEqual(utf8(), that.utf8());
    }

    @Override
    public int hashCode() {
        return Secret.class.hashCode();
    }

    /** Never the secret: always {@code ********}. */
    @Override
    public String toString() {
        return "********";
    }
}
