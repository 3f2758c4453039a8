package dev.rolegate.sso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySealerTest {

    private static final byte[] DER = {0x30, (byte) 0x82, 0x01, 0x02, 0x05, 0x06, 0x07};

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static KeySealer sealer(String base64) {
        return new KeySealer(Optional.of(KeySealer.parse(base64)));
    }

    @Test
    void sealsAndOpensUnderTheSameKeyAndKid() {
        KeySealer sealer = sealer(randomKey());
        byte[] sealed = sealer.seal("sp-1", DER);
        assertEquals(0x01, sealed[0]);
        assertFalse(Arrays.equals(DER, Arrays.copyOfRange(sealed, sealed.length - DER.length, sealed.length)));
        assertArrayEquals(DER, sealer.open("sp-1", sealed));
        // a fresh IV each time
        assertFalse(Arrays.equals(sealed, sealer.seal("sp-1", DER)));
    }

    @Test
    void refusesAnotherKidAnotherKeyOrNoKey() {
        String key = randomKey();
        byte[] sealed = sealer(key).seal("sp-1", DER);
        assertThrows(IllegalStateException.class, () -> sealer(key).open("sp-2", sealed));
        assertThrows(IllegalStateException.class, () -> sealer(randomKey()).open("sp-1", sealed));
        assertThrows(IllegalStateException.class, () -> new KeySealer(Optional.empty()).open("sp-1", sealed));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> sealer(key).open("sp-1", tampered));
    }

    @Test
    void keysStoredInTheClearStayReadable() {
        assertArrayEquals(DER, new KeySealer(Optional.empty()).seal("k", DER));
        assertArrayEquals(DER, sealer(randomKey()).open("k", DER));
    }

    @Test
    void theConfiguredKeyMustBe32BytesOfBase64() {
        assertThrows(IllegalArgumentException.class, () -> KeySealer.parse("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> KeySealer.parse(Base64.getEncoder().encodeToString(new byte[16])));
    }
}
