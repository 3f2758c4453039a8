package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.LdapSettings;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the configured attributes of an entry: stable id, DN, user fields, the disabled flag.
 * Stateless and thread-safe.
 */
final class EntryMapper {

    /** ACCOUNTDISABLE in AD's userAccountControl (MS-ADTS §2.2.16). */
    static final long ACCOUNT_DISABLE = 0x2;

    private static final Pattern UUID = Pattern.compile("[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "1", "on", "y");

    private final LdapSettings.AttributeMapping attributes;

    EntryMapper(LdapSettings.AttributeMapping attributes) {
        this.attributes = attributes;
    }

    /**
     * The stable id: {@code objectGUID} octets as a GUID string, or the id attribute's string
     * value (UUIDs in lowercase, as {@code entryUUID}'s matching rule ignores case).
     *
     * @return the id, or null when the entry has none (or a malformed GUID)
     */
    String stableId(SearchResultEntry entry) {
        if (attributes.binaryGuid()) {
            byte[] octets = entry.getAttributeValueBytes(attributes.id());
            return octets == null || octets.length != 16 ? null : ObjectGuid.toString(octets);
        }
        String value = entry.getAttributeValue(attributes.id());
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        return UUID.matcher(value).matches() ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** Whether the directory marks this user disabled. */
    boolean disabled(SearchResultEntry entry) {
        if (attributes.disabled() == null) {
            return false;
        }
        String value = entry.getAttributeValue(attributes.disabled());
        if (value == null) {
            return false;
        }
        if (attributes.userAccountControl()) {
            try {
                return (Long.parseLong(value.trim()) & ACCOUNT_DISABLE) != 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return TRUE_WORDS.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The first value of an attribute, or null. */
    static String value(SearchResultEntry entry, String attribute) {
        String value = entry.getAttributeValue(attribute);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The entry's DN for the pure side. */
    static DirectoryDn dn(String value, DN parsed) {
        return new DirectoryDn(value, parsed.toNormalizedString());
    }

    /** Parses a DN value (a member, a memberOf value). */
    static DirectoryDn dn(String value) throws LDAPException {
        return dn(value, new DN(value));
    }

    /** Whether {@code attribute} is {@code base} with any options, e.g. {@code member;range=0-1499}. */
    static boolean isAttribute(Attribute attribute, String base) {
        return attribute.getBaseName().equalsIgnoreCase(base);
    }
}
