package dev.rolegate.ldap.unboundid;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.function.Consumer;

/**
 * A subtree search in pages with the Simple Paged Results control (RFC 2696), so a directory
 * that caps each search (Active Directory's MaxPageSize of 1,000) still returns every entry.
 *
 * <p>All pages run on one pooled connection, checked out for the whole search: the paging cookie
 * is only valid on the connection that got it (OpenLDAP ties it to the connection). Entries
 * stream to a consumer as they arrive; nothing is buffered here. The control is sent non-critical:
 * a server without paging answers in one go, and if it then stops at its size limit the outcome
 * says so instead of passing a partial result off as complete. Aliases are not dereferenced;
 * continuation references (RFC 4511 §4.5.3) are counted, not followed.
 */
final class PagedSearch {

    /**
     * @param entries    entries delivered
     * @param references continuation references skipped
     * @param stopped    why the search ended early, or null when it returned everything
     */
    record Outcome(long entries, int references, String stopped) {
    }

    private PagedSearch() {
    }

    static Outcome run(LDAPConnectionPool pool, DN base, Filter filter, int pageSize, String[] attributes,
                       Consumer<SearchResultEntry> sink) throws LDAPException {
        Listener listener = new Listener(sink);
        LDAPConnection connection = pool.getConnection();
        try {
            ASN1OctetString cookie = null;
            do {
                SearchRequest request = new SearchRequest(listener, base, SearchScope.SUB, DereferencePolicy.NEVER,
                        0, 0, false, filter, attributes);
                request.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
                SearchResult result;
                try {
                    result = connection.search(request);
                } catch (LDAPSearchException e) {
                    if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED
                            || e.getResultCode() == ResultCode.TIME_LIMIT_EXCEEDED
                            || e.getResultCode() == ResultCode.ADMIN_LIMIT_EXCEEDED) {
                        pool.releaseConnection(connection);
                        connection = null;
                        return new Outcome(listener.entries, listener.references, "the search under " + base + " stopped at "
                                + e.getResultCode().getName() + " after " + listener.entries
                                + " entries; the server does not page results or limits them");
                    }
                    throw e;
                }
                SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
                cookie = response == null || response.getCookie().getValueLength() == 0 ? null : response.getCookie();
            } while (cookie != null);
            pool.releaseConnection(connection);
            connection = null;
            return new Outcome(listener.entries, listener.references, null);
        } catch (LDAPException e) {
            if (connection != null) {
                pool.releaseConnectionAfterException(connection, e);
                connection = null;
            }
            throw e;
        } catch (RuntimeException e) {
            if (connection != null) {
                pool.releaseDefunctConnection(connection);
            }
            throw e;
        }
    }

    private static final class Listener implements SearchResultListener {
        private static final long serialVersionUID = 1L;
        private final transient Consumer<SearchResultEntry> sink;
        private long entries;
        private int references;

        Listener(Consumer<SearchResultEntry> sink) {
            this.sink = sink;
        }

        @Override
        public void searchEntryReturned(SearchResultEntry entry) {
            entries++;
            sink.accept(entry);
        }

        @Override
        public void searchReferenceReturned(SearchResultReference reference) {
            references++;
        }
    }
}
