package dev.rolegate.sso.saml;

/**
 * The AuthnRequests this account has sent and not yet seen answered: the service's memory of
 * {@link AuthnRequestFactory} request IDs, for the InResponseTo check (SAML 2.0 Profiles
 * §4.1.4.2, §4.1.4.3).
 *
 * <p>Implementations must be scoped to one account and must remove the ID they accept, so
 * that a request is answered at most once; expired requests (the service decides how long a
 * login may take, a few minutes) must not be accepted. The validator calls {@link #consume}
 * once per response, after every stateless check has passed.
 */
@FunctionalInterface
public interface OutstandingRequests {

    /**
     * Atomically removes an outstanding request ID.
     *
     * @param inResponseTo the InResponseTo of the response (an xs:ID, never null or blank)
     * @return true if this account had sent a request with this ID that was still outstanding
     *     and it is now consumed; false otherwise
     */
    boolean consume(String inResponseTo);

    /** No outstanding requests at all (IdP-initiated only, or tests). */
    static OutstandingRequests none() {
        return inResponseTo -> false;
    }
}
