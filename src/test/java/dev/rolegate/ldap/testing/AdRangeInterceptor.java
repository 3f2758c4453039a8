package dev.rolegate.ldap.testing;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes UnboundID's in-memory server answer like Active Directory for one multi-valued
 * attribute (MS-ADTS §3.1.1.3.1.3.3, "range retrieval"), which the in-memory server does not do
 * by itself:
 *
 * <ul>
 *   <li>a request for {@code member} (or for all attributes) on an entry with more than
 *       {@code maxValRange} values gets {@code member;range=0-(maxValRange-1)} with the first
 *       values instead of {@code member};</li>
 *   <li>a request for {@code member;range=low-high} or {@code member;range=low-*} gets at most
 *       {@code maxValRange} values from {@code low}, named {@code member;range=low-last}, or
 *       {@code member;range=low-*} when they reach the last value.</li>
 * </ul>
 *
 * The server cannot match {@code member;range=...} itself, so the request is rewritten to ask for
 * {@code member} and the answer is cut to the requested range on its way out.
 */
public final class AdRangeInterceptor extends InMemoryOperationInterceptor {

    private final String attribute;
    private final int maxValRange;
    private final Map<String, long[]> requestedRanges = new ConcurrentHashMap<>();
    private final AtomicInteger rangedAnswers = new AtomicInteger();

    /** AD's defaults: {@code member}, 1,500 values per range. */
    public AdRangeInterceptor() {
        this("member", 1500);
    }

    public AdRangeInterceptor(String attribute, int maxValRange) {
        this.attribute = attribute;
        this.maxValRange = maxValRange;
    }

    /** How many answers were cut into ranges: proof that the client had to follow them. */
    public int rangedAnswers() {
        return rangedAnswers.get();
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        List<String> asked = request.getRequest().getAttributeList();
        List<String> rewritten = new ArrayList<>(asked.size());
        long[] range = null;
        for (String name : asked) {
            String[] parts = name.split(";");
            if (parts[0].equalsIgnoreCase(attribute) && parts.length > 1
                    && parts[1].toLowerCase(Locale.ROOT).startsWith("range=")) {
                String[] bounds = parts[1].substring("range=".length()).split("-", 2);
                range = new long[] {Long.parseLong(bounds[0]), bounds[1].equals("*") ? -1 : Long.parseLong(bounds[1])};
                rewritten.add(attribute);
            } else {
                rewritten.add(name);
            }
        }
        if (range != null) {
            SearchRequest copy = request.getRequest().duplicate();
            copy.setAttributes(rewritten);
            request.setRequest(copy);
            requestedRanges.put(key(request.getConnectionID(), request.getMessageID()), range);
        }
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
        String key = key(result.getConnectionID(), result.getMessageID());
        long[] range = requestedRanges.get(key);
        Entry entry = result.getSearchEntry();
        Attribute values = entry.getAttribute(attribute);
        if (values == null || (range == null && values.size() <= maxValRange)) {
            return;
        }
        long low = range == null ? 0 : range[0];
        long askedHigh = range == null ? -1 : range[1];
        String[] all = values.getValues();
        int from = (int) Math.min(low, all.length);
        int to = (int) Math.min(all.length, from + (long) maxValRange);
        if (askedHigh >= 0) {
            to = (int) Math.min(to, askedHigh + 1);
        }
        String upper = to >= all.length ? "*" : Integer.toString(to - 1);
        Entry cut = entry.duplicate();
        cut.removeAttribute(attribute);
        cut.addAttribute(new Attribute(attribute + ";range=" + from + "-" + upper, Arrays.copyOfRange(all, from, to)));
        result.setSearchEntry(cut);
        rangedAnswers.incrementAndGet();
    }

    @Override
    public void processSearchResult(com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult result) {
        requestedRanges.remove(key(result.getConnectionID(), result.getMessageID()));
    }

    private static String key(long connection, int message) {
        return connection + "/" + message;
    }
}
