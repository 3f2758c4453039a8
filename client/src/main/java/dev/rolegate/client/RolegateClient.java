package dev.rolegate.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A client of Rolegate's check API and SSO token exchange.
 *
 * <pre>{@code
 * RolegateClient rolegate = RolegateClient.builder()
 *         .baseUri(URI.create("https://rolegate.internal"))
 *         .token(() -> tokens.current())          // a bearer JWT with scope rbac:check of the account
 *         .build();
 * CheckResult r = rolegate.check("acme", Check.operation("bob@acme.test", "report.rename"));
 * if (r.allowed()) { ... }
 * }</pre>
 *
 * <p><b>Calls.</b> {@link #check} ({@code POST /v1/accounts/{a}/check}), {@link #checkBatch}
 * ({@code POST .../check/batch}, 1 to 1000 checks on one snapshot), {@link #effectivePermissions}
 * ({@code GET .../users/{u}/permissions}) and {@link #exchangeSsoCode}
 * ({@code POST .../sso/token}). Each has an {@code ...Async} variant returning a
 * {@link CompletableFuture} that completes exceptionally with a {@link RolegateException}.
 * A denial is a result with {@code allowed() == false}, never an exception. Arguments are
 * checked before anything is sent, also by the async variants, which throw at once: a null
 * argument is a {@link NullPointerException}, a negative revision or an empty id an
 * {@link IllegalArgumentException}.
 *
 * <p><b>Errors.</b> Every failure is a {@link RolegateException}: an HTTP answer other than 2xx
 * carries the status and the problem details ({@code code} such as {@code invalid_request} 400,
 * {@code unauthenticated} 401, {@code forbidden} 403, {@code revision_unavailable} or
 * {@code database_unavailable} 503); no answer at all (connection refused, timeout,
 * interruption) has status 0.
 *
 * <p><b>Retries.</b> Only after a 503, as the {@link RetryPolicy} says (exponential backoff with
 * jitter, {@code Retry-After} respected, bounded attempts and total time); never after another
 * status, a timeout or an I/O error. Checks and reads are safe to repeat. The SSO token exchange
 * is retried on 503 too: the service answers 503 only when the exchange did not happen (its
 * transaction rolled back, or a proxy found no replica), and it enforces one-time use of a code
 * itself, so a retry can never yield two sessions; timeouts and I/O errors, after which the code
 * may have been used, are never retried.
 *
 * <p><b>Revisions.</b> The client records in its {@link RevisionTracker} the newest revision it
 * sees per account (each check, batch and effective-permissions answer, and any
 * {@code Rolegate-Revision} header) and sends it as {@code atLeastRevision} with the account's
 * next check, so reads never go back in time and, after {@link #observeRevision} with the
 * revision of an admin write, see that write. A revision given explicitly
 * ({@link Check#withAtLeastRevision}) is sent when it is the larger one.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class RolegateClient {

    /** The header carrying the account's revision after a write (a 64-bit integer). */
    public static final String REVISION_HEADER = "Rolegate-Revision";

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String baseUri;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final RevisionTracker revisions;
    private final boolean carryRevisions;
    private final ObjectMapper json = strictScalars(new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));

    /**
     * Reads answers with the service's scalar rules (its {@code StrictJson}): a value of the wrong
     * JSON type fails rather than converts, so {@code "allowed": "true"} or {@code 1} from a
     * broken proxy is an error, never an allow. Unknown fields are tolerated, unlike on the
     * service: a newer service may add some.
     */
    static ObjectMapper strictScalars(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private RolegateClient(Builder b) {
        String base = b.baseUri.toString();
        this.baseUri = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = b.token;
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        this.requestTimeout = b.requestTimeout;
        this.retryPolicy = b.retryPolicy;
        this.revisions = b.revisions != null ? b.revisions : new RevisionTracker();
        this.carryRevisions = b.carryRevisions;
    }

    /** A builder with the defaults: 2 s connect timeout, 5 s per attempt, {@link RetryPolicy#defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- check ---------------------------------------------------------------------------------

    /**
     * Asks one check: {@code POST /v1/accounts/{account}/check}.
     *
     * @param account the account id
     * @param check   the subject and the operation or permission
     * @return the decision and the revision it was computed at
     * @throws RolegateException 400 {@code invalid_request}, 401, 403 {@code forbidden} (token of
     *         another account, or without scope {@code rbac:check}/{@code rbac:admin}), 503 after
     *         the retries, or status 0 without an answer
     */
    public CheckResult check(String account, Check check) {
        return await(checkAsync(account, check));
    }

    /** Shorthand for {@code check(account, Check.operation(subject, operation))}. */
    public CheckResult check(String account, String subject, String operation) {
        return check(account, Check.operation(subject, operation));
    }

    /** {@link #check(String, Check)} without blocking. */
    public CompletableFuture<CheckResult> checkAsync(String account, Check check) {
        Objects.requireNonNull(check, "check");
        ObjectNode body = checkNode(check);
        long atLeast = atLeast(account, check.atLeastRevision().orElse(0));
        if (atLeast > 0) {
            body.put("atLeastRevision", atLeast);
        }
        return send(account, post(accountPath(account) + "/check", body), CheckResult.class, CheckResult::revision);
    }

    /**
     * Asks up to 1000 checks on one snapshot: {@code POST /v1/accounts/{account}/check/batch}.
     *
     * @param account the account id
     * @param checks  1 to 1000 checks; each may carry its own {@code atLeastRevision}
     * @return the decisions in the order of {@code checks}, and their one revision
     * @throws RolegateException 400 {@code invalid_request} (0 or more than 1000 checks, or an
     *         invalid one, with a pointer per check in {@code errors()}), 401, 403, 503 after the
     *         retries, or status 0 without an answer
     */
    public BatchCheckResult checkBatch(String account, List<Check> checks) {
        return await(checkBatchAsync(account, checks, 0));
    }

    /** {@link #checkBatch(String, List)} answered from data at {@code atLeastRevision} or newer. */
    public BatchCheckResult checkBatch(String account, List<Check> checks, long atLeastRevision) {
        return await(checkBatchAsync(account, checks, atLeastRevision));
    }

    /** {@link #checkBatch(String, List, long)} without blocking; 0 means no explicit revision. */
    public CompletableFuture<BatchCheckResult> checkBatchAsync(String account, List<Check> checks, long atLeastRevision) {
        Objects.requireNonNull(checks, "checks");
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("checks");
        for (Check check : checks) {
            ObjectNode item = checkNode(Objects.requireNonNull(check, "a check of the batch"));
            check.atLeastRevision().ifPresent(r -> item.put("atLeastRevision", r));
            items.add(item);
        }
        long atLeast = atLeast(account, atLeastRevision);
        if (atLeast > 0) {
            body.put("atLeastRevision", atLeast);
        }
        return send(account, post(accountPath(account) + "/check/batch", body), BatchCheckResult.class,
                BatchCheckResult::revision);
    }

    // ---- what may this user do -----------------------------------------------------------------

    /**
     * "What may this user do": {@code GET /v1/accounts/{account}/users/{user}/permissions}.
     *
     * @param account the account id
     * @param user    the user id (any characters; it is percent-encoded)
     * @return the permissions held and operations allowed, sorted, and their revision; both
     *         empty for a disabled user
     * @throws RolegateException 404 {@code user_not_found} (or {@code account_not_found}),
     *         400 {@code invalid_request} for a malformed user id, 401, 403, 503 after the
     *         retries, or status 0 without an answer
     */
    public EffectiveAccess effectivePermissions(String account, String user) {
        return await(effectivePermissionsAsync(account, user, 0));
    }

    /** {@link #effectivePermissions(String, String)} from data at {@code atLeastRevision} or newer. */
    public EffectiveAccess effectivePermissions(String account, String user, long atLeastRevision) {
        return await(effectivePermissionsAsync(account, user, atLeastRevision));
    }

    /** {@link #effectivePermissions(String, String, long)} without blocking; 0 means no explicit revision. */
    public CompletableFuture<EffectiveAccess> effectivePermissionsAsync(String account, String user, long atLeastRevision) {
        long atLeast = atLeast(account, atLeastRevision);
        String path = accountPath(account) + "/users/" + segment(user) + "/permissions"
                + (atLeast > 0 ? "?atLeastRevision=" + atLeast : "");
        return send(account, request(path).GET(), EffectiveAccess.class, EffectiveAccess::revision);
    }

    // ---- SSO ----------------------------------------------------------------------------------

    /**
     * Exchanges the one-time code of a SAML login (the {@code code} query parameter of the
     * redirect to the app) for a session: {@code POST /v1/accounts/{account}/sso/token}. A code
     * works once, within 60 s of the login.
     *
     * @param account the account id
     * @param code    the code from the redirect
     * @return the session JWT, its user and expiry
     * @throws RolegateException 400 {@code invalid_sso_code} (unknown in this account, expired,
     *         already used, or its user gone or disabled), 400 {@code invalid_request} (no code),
     *         401, 403, 503 after the retries, or status 0 without an answer
     */
    public SsoSession exchangeSsoCode(String account, String code) {
        return await(exchangeSsoCodeAsync(account, code));
    }

    /** {@link #exchangeSsoCode(String, String)} without blocking. */
    public CompletableFuture<SsoSession> exchangeSsoCodeAsync(String account, String code) {
        ObjectNode body = json.createObjectNode().put("code", Objects.requireNonNull(code, "code"));
        return send(account, post(accountPath(account) + "/sso/token", body), SsoSession.class, null);
    }

    // ---- revisions ----------------------------------------------------------------------------

    /** The tracker of the newest revision seen per account (shared if given to the builder). */
    public RevisionTracker revisions() {
        return revisions;
    }

    /**
     * Records a revision the caller saw, typically the {@code Rolegate-Revision} of an admin write,
     * so the account's next check through this client is answered from data at least that new.
     */
    public void observeRevision(String account, long revision) {
        revisions.observe(account, revision);
    }

    // ---- the HTTP exchange --------------------------------------------------------------------

    private long atLeast(String account, long explicit) {
        Objects.requireNonNull(account, "account");
        if (explicit < 0) {
            throw new IllegalArgumentException("atLeastRevision must not be negative, got " + explicit);
        }
        long tracked = carryRevisions ? revisions.latest(account).orElse(0) : 0;
        return Math.max(explicit, tracked);
    }

    private ObjectNode checkNode(Check check) {
        ObjectNode node = json.createObjectNode().put("subject", check.subject());
        if (check.operation() != null) {
            node.put("operation", check.operation());
        } else {
            node.put("permission", check.permission());
        }
        if (check.explain()) {
            node.put("explain", true);
        }
        return node;
    }

    private String accountPath(String account) {
        return "/v1/accounts/" + segment(Objects.requireNonNull(account, "account"));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json, " + PROBLEM_JSON);
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private <T> CompletableFuture<T> send(String account, HttpRequest.Builder request, Class<T> type,
                                          ToLongFunction<T> revisionOf) {
        return attempt(new Call<>(account, request, type, revisionOf), 1, System.nanoTime());
    }

    /** One request/response; the whole call, retries included, is a chain of these. */
    private static final class Call<T> {
        final String account;
        final HttpRequest.Builder request;
        final Class<T> type;
        final ToLongFunction<T> revisionOf;

        Call(String account, HttpRequest.Builder request, Class<T> type, ToLongFunction<T> revisionOf) {
            this.account = account;
            this.request = request;
            this.type = type;
            this.revisionOf = revisionOf;
        }
    }

    private <T> CompletableFuture<T> attempt(Call<T> call, int attempt, long startNanos) {
        HttpRequest request;
        try {
            // the token is asked for on every attempt, so a rotated token is picked up on a retry
            String bearer = token.get();
            if (bearer == null || bearer.isBlank()) {
                return CompletableFuture.failedFuture(new RolegateException("the token supplier gave no token", null, attempt - 1));
            }
            request = call.request.copy().header("Authorization", "Bearer " + bearer).build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new RolegateException("the token supplier failed: " + e, e, attempt - 1));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        return CompletableFuture.<T>failedFuture(noAnswer(error, attempt));
                    }
                    return answer(call, response, attempt, startNanos);
                })
                .thenCompose(next -> next);
    }

    private <T> CompletableFuture<T> answer(Call<T> call, HttpResponse<byte[]> response, int attempt, long startNanos) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            response.headers().firstValue(REVISION_HEADER).ifPresent(value -> observeHeader(call.account, value));
            T body;
            try {
                body = json.readValue(response.body(), call.type);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(
                        new RolegateException("HTTP " + status + " with an unreadable body: " + e.getMessage(), e, attempt));
            }
            if (call.revisionOf != null) {
                revisions.observe(call.account, call.revisionOf.applyAsLong(body));
            }
            return CompletableFuture.completedFuture(body);
        }
        if (status == 503) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            Optional<Duration> retryAfter = retryAfter(response.headers().firstValue("Retry-After"), Instant.now());
            Optional<Duration> delay = retryPolicy.delayBefore(attempt, elapsed, retryAfter,
                    ThreadLocalRandom.current().nextDouble());
            if (delay.isPresent()) {
                return CompletableFuture.runAsync(() -> { },
                                CompletableFuture.delayedExecutor(delay.get().toNanos(), TimeUnit.NANOSECONDS))
                        .thenCompose(ignored -> attempt(call, attempt + 1, startNanos));
            }
        }
        return CompletableFuture.failedFuture(problem(response, attempt));
    }

    private void observeHeader(String account, String value) {
        try {
            revisions.observe(account, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            // not a revision: nothing to carry
        }
    }

    private static RolegateException noAnswer(Throwable error, int attempt) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause instanceof HttpTimeoutException ? "no answer in time: " : "no answer: ";
        return new RolegateException(what + cause, cause, attempt);
    }

    /** The problem details of a failed answer; a body that is not problem JSON leaves them null. */
    private RolegateException problem(HttpResponse<byte[]> response, int attempts) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode node = null;
        if (contentType.contains("json") && response.body().length > 0) {
            try {
                node = json.readTree(response.body());
            } catch (IOException e) {
                node = null;
            }
        }
        if (node == null || !node.isObject()) {
            return new RolegateException(response.statusCode(), null, null, null, null, null, attempts);
        }
        List<RolegateException.FieldError> errors = new ArrayList<>();
        for (JsonNode e : node.path("errors")) {
            errors.add(new RolegateException.FieldError(text(e, "pointer"), text(e, "message")));
        }
        return new RolegateException(response.statusCode(), text(node, "type"), text(node, "title"),
                text(node, "detail"), text(node, "code"), errors, attempts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as a wait from
     * {@code now}; empty when absent or unreadable; a date in the past is a wait of zero.
     */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Percent-encodes one path segment: every byte of its UTF-8 but RFC 3986 unreserved characters. */
    static String segment(String value) {
        Objects.requireNonNull(value, "path segment");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an account or user id must not be empty");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new RolegateException("the call failed: " + cause, cause, 0);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RolegateException("interrupted while waiting for Rolegate", e, 0);
        }
    }

    /**
     * Configures a {@link RolegateClient}. A builder never changes: each method returns a new one,
     * so a partly configured builder can be shared and built from many times.
     */
    public static final class Builder {

        private URI baseUri;
        private Supplier<String> token;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RevisionTracker revisions;
        private boolean carryRevisions = true;
        private HttpClient httpClient;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.baseUri = baseUri;
            b.token = token;
            b.connectTimeout = connectTimeout;
            b.requestTimeout = requestTimeout;
            b.retryPolicy = retryPolicy;
            b.revisions = revisions;
            b.carryRevisions = carryRevisions;
            b.httpClient = httpClient;
            return b;
        }

        /** Where Rolegate answers, e.g. {@code https://rolegate.internal} (a path prefix is kept); required. */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            if (!"http".equalsIgnoreCase(baseUri.getScheme()) && !"https".equalsIgnoreCase(baseUri.getScheme())) {
                throw new IllegalArgumentException("baseUri must be an http or https URI, got " + baseUri);
            }
            Builder b = copy();
            b.baseUri = baseUri;
            return b;
        }

        /** {@link #baseUri(URI)} from a string. */
        public Builder baseUri(String baseUri) {
            return baseUri(URI.create(baseUri));
        }

        /**
         * The bearer JWT, asked for on every attempt so it may rotate; required. For checks it
         * needs scope {@code rbac:check} (or {@code rbac:admin}) of the account called.
         */
        public Builder token(Supplier<String> token) {
            Builder b = copy();
            b.token = Objects.requireNonNull(token, "token");
            return b;
        }

        /** A fixed bearer JWT. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            return token(() -> token);
        }

        /** How long to wait for a connection; default 2 s. Ignored when {@link #httpClient} is given. */
        public Builder connectTimeout(Duration connectTimeout) {
            Builder b = copy();
            b.connectTimeout = positive("connectTimeout", connectTimeout);
            return b;
        }

        /** How long one attempt may wait for its answer; default 5 s. A timeout is never retried. */
        public Builder requestTimeout(Duration requestTimeout) {
            Builder b = copy();
            b.requestTimeout = positive("requestTimeout", requestTimeout);
            return b;
        }

        /** When to retry a 503; default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()} never retries. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            Builder b = copy();
            b.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return b;
        }

        /** A tracker shared with other clients or code; default a new one per client. */
        public Builder revisions(RevisionTracker revisions) {
            Builder b = copy();
            b.revisions = Objects.requireNonNull(revisions, "revisions");
            return b;
        }

        /**
         * Whether checks carry the newest revision seen for their account (default true). When
         * false, only revisions given explicitly are sent; revisions are still tracked.
         */
        public Builder carryRevisions(boolean carryRevisions) {
            Builder b = copy();
            b.carryRevisions = carryRevisions;
            return b;
        }

        /** The HTTP client to use (e.g. with a custom {@code SSLContext} or executor); default a new one. */
        public Builder httpClient(HttpClient httpClient) {
            Builder b = copy();
            b.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return b;
        }

        /**
         * @throws IllegalStateException when {@code baseUri} or {@code token} is missing
         */
        public RolegateClient build() {
            if (baseUri == null) {
                throw new IllegalStateException("baseUri is required");
            }
            if (token == null) {
                throw new IllegalStateException("token is required");
            }
            return new RolegateClient(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
