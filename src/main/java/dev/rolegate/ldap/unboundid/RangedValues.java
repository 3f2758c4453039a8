package dev.rolegate.ldap.unboundid;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Active Directory's ranged retrieval of multi-valued attributes (MS-ADTS §3.1.1.3.1.3.3): when an
 * attribute has more values than the server's MaxValRange (1,500 by default), the server returns
 * {@code member;range=0-1499} with the first values; the client asks for
 * {@code member;range=1500-*} on the same entry and gets {@code member;range=1500-2999}, and so
 * on, until a range ends in {@code *}. An attribute without a range option is complete.
 */
final class RangedValues {

    private RangedValues() {
    }

    /**
     * All values of {@code attribute} on {@code entry}, following ranges with base-object reads.
     *
     * @return the values, or null when the server stopped answering the ranges sensibly (a
     *         missing range, or one that does not advance), in which case the caller must treat
     *         the read as incomplete
     */
    static List<String> all(SearchResultEntry entry, String attribute, LDAPConnectionPool pool) throws LDAPException {
        List<String> values = new ArrayList<>();
        Integer next = collect(entry, attribute, values);
        while (next != null) {
            SearchResultEntry more = pool.getEntry(entry.getDN(), attribute + ";range=" + next + "-*");
            if (more == null) {
                return null;
            }
            Integer after = collect(more, attribute, values);
            if (after != null && after <= next) {
                return null;
            }
            if (after == null && !hasFinalRange(more, attribute)) {
                return null;
            }
            next = after;
        }
        return values;
    }

    /** Adds the values, returns the next range start or null when complete. */
    private static Integer collect(SearchResultEntry entry, String attribute, List<String> values) {
        Integer next = null;
        for (Attribute candidate : entry.getAttributes()) {
            if (!EntryMapper.isAttribute(candidate, attribute)) {
                continue;
            }
            Collections.addAll(values, candidate.getValues());
            long[] range = range(candidate);
            if (range != null && range[1] >= 0) {
                next = Math.toIntExact(range[1] + 1);
            }
        }
        return next;
    }

    private static boolean hasFinalRange(SearchResultEntry entry, String attribute) {
        for (Attribute candidate : entry.getAttributes()) {
            if (EntryMapper.isAttribute(candidate, attribute)) {
                long[] range = range(candidate);
                return range == null || range[1] < 0;
            }
        }
        return false;
    }

    /** {low, high} of a {@code range=low-high} option, high −1 for {@code *}; null without one. */
    static long[] range(Attribute attribute) {
        for (String option : attribute.getOptions()) {
            String lower = option.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("range=")) {
                continue;
            }
            String[] bounds = lower.substring("range=".length()).split("-", 2);
            if (bounds.length != 2) {
                return null;
            }
            try {
                long low = Long.parseLong(bounds[0]);
                long high = bounds[1].equals("*") ? -1 : Long.parseLong(bounds[1]);
                return new long[] {low, high};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
