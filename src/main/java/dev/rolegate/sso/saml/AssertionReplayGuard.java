package dev.rolegate.sso.saml;

import java.time.Instant;

/**
 * One-time use of assertion IDs (SAML 2.0 Profiles §4.1.4.5: the SP must ensure a bearer
 * assertion is not used more than once within its validity).
 *
 * <p>The service implements it on PostgreSQL, shared by every replica and scoped to one
 * account (an insert that conflicts on {@code (account_id, assertion_id)} means "seen");
 * {@link InMemoryReplayGuard} is the single-process implementation for tests. Entries may be
 * forgotten once {@code notOnOrAfter} has passed: the validator refuses such an assertion as
 * expired before it asks the guard.
 */
@FunctionalInterface
public interface AssertionReplayGuard {

    /**
     * Records an assertion ID if it was never recorded, atomically.
     *
     * @param assertionId the Assertion's ID attribute (never null or blank)
     * @param notOnOrAfter the instant from which the validator would refuse this assertion as
     *     expired anyway (its latest NotOnOrAfter plus the clock skew): the record must be kept
     *     at least until then
     * @return true on the first use of this ID; false if it was recorded before (a replay)
     */
    boolean firstUse(String assertionId, Instant notOnOrAfter);
}
