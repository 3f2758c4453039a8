package dev.rolegate.sso;

import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Bounds the work an unauthenticated {@code POST /saml/{a}/acs} may cause before its signature
 * is verified (issue 11 item 9): a size cap on the response and a cap on the responses of one
 * account validated at once.
 *
 * <p><b>Size</b>: {@link #requireSize} counts the base64 characters of the form value (line
 * breaks, spaces and {@code =} padding skipped, nothing decoded or copied): {@code n} of them
 * decode to {@code floor(3n / 4)} bytes (RFC 4648 §4), so a value whose decoded size would exceed
 * {@link SsoConfig#maxResponseSize()} is refused with 413 {@code saml_response_too_large}
 * unread. The validator checks the decoded size again.
 *
 * <p><b>Concurrency</b>: {@link #validating} runs a validation only while fewer than
 * {@link SsoConfig#maxConcurrentValidations()} of the same account run on this replica, else it
 * throws 503 {@code saml_busy} with {@code Retry-After: 1} at once; there is no queue. The count
 * per account lives in a map holding only accounts with a validation in flight (an entry goes
 * when its count returns to zero), so the map is bounded by the worker threads however many
 * account ids a flood invents. The slot is taken before the login's transaction (no database
 * connection is held by a refused request) and given back in every path.
 *
 * <p>Thread-safe: each account's count changes inside {@link ConcurrentMap#compute}.
 */
@ApplicationScoped
public class AcsAdmission {

    private static final Logger LOG = Logger.getLogger(AcsAdmission.class);

    /** What a busy answer asks the IdP's browser to wait: a validation takes milliseconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    SsoConfig config;

    @Inject
    SamlLoginMetrics metrics;

    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    private long maxResponseBytes;
    private int maxConcurrent;

    /** Test seam: called with the account once a validation is admitted, before it runs. */
    private volatile Consumer<String> admitted = account -> { };

    @PostConstruct
    void limits() {
        maxResponseBytes = config.maxResponseSize().asLongValue();
        if (maxResponseBytes <= 0 || maxResponseBytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("rolegate.sso.max-response-size must be between 1 byte and 2 GiB");
        }
        maxConcurrent = config.maxConcurrentValidations();
        if (maxConcurrent < 1) {
            throw new IllegalStateException("rolegate.sso.max-concurrent-validations must be at least 1");
        }
    }

    /** The decoded size bound, in bytes ({@link SsoConfig#maxResponseSize()}). */
    public int maxResponseBytes() {
        return (int) maxResponseBytes;
    }

    /**
     * Refuses a {@code SAMLResponse} form value whose base64 cannot decode within the bound.
     *
     * @param samlResponse the form value as received (not null)
     * @throws ProblemException 413 {@code saml_response_too_large}
     */
    public void requireSize(String samlResponse) {
        long chars = 0;
        for (int i = 0; i < samlResponse.length(); i++) {
            char c = samlResponse.charAt(i);
            if (c != '\r' && c != '\n' && c != '\t' && c != ' ' && c != '=') {
                chars++;
            }
        }
        if (chars * 3 / 4 > maxResponseBytes) {
            throw tooLarge();
        }
    }

    /** 413 {@code saml_response_too_large}, also for a response whose decoded size is over the bound. */
    public ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "saml_response_too_large", "SAML response too large",
                "The SAMLResponse is larger than the " + maxResponseBytes + " bytes this service accepts "
                        + "(rolegate.sso.max-response-size).", List.of()));
    }

    /**
     * Runs one validation of the account's ACS within the per-account cap.
     *
     * @param account the account id from the path (already syntax-checked)
     * @param validation the validation and its login; its exceptions pass through
     * @return what {@code validation} returns
     * @throws ProblemException 503 {@code saml_busy} with a retry delay when the account has
     *     {@link SsoConfig#maxConcurrentValidations()} validations in flight; nothing ran
     */
    public <T> T validating(String account, Supplier<T> validation) {
        if (!enter(account)) {
            metrics.busy();
            LOG.infof("SAML ACS busy: account=%s has %d validations in flight", account, maxConcurrent);
            throw ProblemException.unavailable("saml_busy",
                    "Too many single sign-on responses for this account are being checked right now; "
                            + "try again in a moment.", RETRY_AFTER);
        }
        try {
            admitted.accept(account);
            return validation.get();
        } finally {
            leave(account);
        }
    }

    private boolean enter(String account) {
        boolean[] entered = {false};
        inFlight.compute(account, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxConcurrent) {
                return count;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    private void leave(String account) {
        inFlight.computeIfPresent(account, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Validations of the account in flight now (tests). */
    int inFlight(String account) {
        return inFlight.getOrDefault(account, 0);
    }

    /** Accounts with a validation in flight now (tests: the map keeps no idle entry). */
    int accountsInFlight() {
        return inFlight.size();
    }

    /** Test seam: replaces the hook run after admission; {@code null} restores the no-op. */
    void onAdmitted(Consumer<String> hook) {
        admitted = hook == null ? account -> { } : hook;
    }
}
