package dev.rolegate.ldap.unboundid;

import java.util.HexFormat;

/**
 * Active Directory's {@code objectGUID}: 16 octets in the Windows GUID layout (MS-DTYP §2.3.4.2),
 * whose first three fields (4, 2 and 2 octets) are little-endian and the last 8 octets a plain
 * byte sequence. Rendered as the canonical lowercase string that AD tools show
 * ({@code 8-4-4-4-12} hex digits).
 */
final class ObjectGuid {

    private static final HexFormat HEX = HexFormat.of();

    private ObjectGuid() {
    }

    /**
     * The GUID string of 16 octets.
     *
     * @throws IllegalArgumentException when {@code octets} is not 16 long
     */
    static String toString(byte[] octets) {
        if (octets == null || octets.length != 16) {
            throw new IllegalArgumentException("an objectGUID has 16 octets, not "
                    + (octets == null ? "none" : octets.length));
        }
        byte[] ordered = {
            octets[3], octets[2], octets[1], octets[0],
            octets[5], octets[4],
            octets[7], octets[6],
            octets[8], octets[9], octets[10], octets[11], octets[12], octets[13], octets[14], octets[15],
        };
        String hex = HEX.formatHex(ordered);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** The 16 octets of a GUID string; the inverse of {@link #toString(byte[])} (used by tests and seeds). */
    static byte[] toOctets(String guid) {
        byte[] ordered = HEX.parseHex(guid.replace("-", ""));
        if (ordered.length != 16) {
            throw new IllegalArgumentException("not a GUID: " + guid);
        }
        return new byte[] {
            ordered[3], ordered[2], ordered[1], ordered[0],
            ordered[5], ordered[4],
            ordered[7], ordered[6],
            ordered[8], ordered[9], ordered[10], ordered[11], ordered[12], ordered[13], ordered[14], ordered[15],
        };
    }
}
