package dev.rolegate.console;

import dev.rolegate.console.store.ConsoleStore;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.platform.OneTimeSecrets;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.Caller;
import dev.rolegate.token.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Console links and sessions (issue 13 item 8), the way WorkOS's Admin Portal hands its portal to
 * a vendor's customer: the vendor's backend asks for a link for one admin of the account, sends
 * the admin's browser to it, and the link (once, within {@link ConsoleConfig#linkLifetime()})
 * becomes a session cookie that lasts {@link ConsoleConfig#idleTimeout()} of inactivity and at
 * most {@link ConsoleConfig#maxLifetime()}. A session carries no rights of its own: its requests
 * are authorized as its admin, at the time of each request, by {@code admin.OperationFilter}.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The longest a link may be valid and a session may stay idle, whatever the settings say. */
    static final Duration MAX_LINK_LIFETIME = Duration.ofMinutes(5);
    static final Duration MAX_IDLE_TIMEOUT = Duration.ofMinutes(15);
    private static final int MAX_RETURN_URL_LENGTH = 2048;

    @Inject
    ConsoleStore store;

    @Inject
    DirectoryService directory;

    @Inject
    ConsoleConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "rolegate.sso.public-base-url", defaultValue = "http://localhost:8080")
    String publicBaseUrl;

    /** A link that opens the console: its absolute URL (it holds the secret) and when it stops working. */
    public record Link(String url, Instant expiresAt) {
    }

    /**
     * A session just opened from a link: the cookie value (the secret, shown once) and what the
     * pages need.
     */
    public record Opened(String cookie, ConsoleStore.Session session) {
    }

    /**
     * Makes a one-time link that opens the console of {@code account} as {@code admin}.
     *
     * @param caller    who asks: a platform token (any admin of any account), or a token of the account,
     *                  which may open the console only as its own subject (else it could act as a stronger admin)
     * @param returnUrl the vendor's page the console links back to: absolute {@code https} (or {@code http}
     *                  on a loopback host), at most 2048 characters; null for none
     * @throws ProblemException 403 {@code forbidden} for a token of the account naming another admin;
     *                          404 {@code user_not_found}; 422 {@code admin_not_active} for a disabled user;
     *                          400 {@code invalid_request} at {@code /admin} or {@code /returnUrl}
     */
    @Transactional
    public Link createLink(String account, String admin, String returnUrl, Caller caller) {
        if (admin == null || admin.isBlank()) {
            throw ProblemException.invalid("/admin", "admin is required: the id of the user the console opens as");
        }
        if (!caller.has(Scope.PLATFORM) && !admin.equals(caller.subject())) {
            throw ProblemException.forbidden("A token of the account opens the console only as its own subject ('"
                    + caller.subject() + "'); ask with a platform token to open it as another admin.");
        }
        String checkedReturn = returnUrl == null ? null : requireReturnUrl(returnUrl);
        UserResponse user = directory.findUser(account, admin).orElseThrow(() -> ProblemException.notFound("user_not_found",
                "User '" + admin + "' does not exist in account '" + account + "'."));
        if (!"active".equals(user.status())) {
            throw ProblemException.unprocessable("admin_not_active", "User '" + admin + "' is " + user.status()
                    + "; the console opens only as an active user.");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(min(config.linkLifetime(), MAX_LINK_LIFETIME));
        String secret = OneTimeSecrets.newSecret();
        store.addLink(account, OneTimeSecrets.hash(secret), admin, checkedReturn, now, expiresAt);
        return new Link(publicBaseUrl + ConsolePaths.open(account) + "?link=" + secret, expiresAt);
    }

    /**
     * A one-time link for {@code admin}, who just signed in by single sign-on ({@link SsoSignIn}):
     * like {@link #createLink}'s, without a return URL; the caller checked who may have it.
     *
     * @return the link's root-relative URL, {@code /console/{account}/open?link=…}
     */
    String signInLink(String account, String admin) {
        Instant now = clock.instant();
        String secret = OneTimeSecrets.newSecret();
        store.addLink(account, OneTimeSecrets.hash(secret), admin, null, now, now.plus(min(config.linkLifetime(), MAX_LINK_LIFETIME)));
        return ConsolePaths.open(account) + "?link=" + secret;
    }

    /**
     * Turns a link into a session: the link is used up whether or not the browser keeps the cookie.
     *
     * @throws ProblemException 404 {@code console_link_invalid} when the link is unknown, of another
     *                          account, expired or already used (one answer for all four)
     */
    @Transactional
    public Opened open(String account, String link) {
        Instant now = clock.instant();
        ConsoleStore.Link taken = link == null || link.isBlank() ? null
                : store.takeLink(account, OneTimeSecrets.hash(link), now).orElse(null);
        if (taken == null) {
            throw ProblemException.notFound("console_link_invalid",
                    "This console link is unknown, expired or already used; ask for a new one where you found it.");
        }
        String secret = OneTimeSecrets.newSecret();
        String csrf = OneTimeSecrets.newSecret();
        Instant endsAt = now.plus(config.maxLifetime());
        store.addSession(account, OneTimeSecrets.hash(secret), taken.admin(), csrf, taken.returnUrl(), now, endsAt);
        return new Opened(secret, new ConsoleStore.Session(account, taken.admin(), csrf, taken.returnUrl(), now, endsAt));
    }

    /**
     * The live session whose cookie is {@code cookie}, marked as seen now; empty when the cookie is
     * missing or the session unknown, ended or idle for {@link ConsoleConfig#idleTimeout()}.
     */
    @Transactional
    public Optional<ConsoleStore.Session> resume(String cookie) {
        if (cookie == null || cookie.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.touchSession(OneTimeSecrets.hash(cookie), now, now.minus(idleTimeout()));
    }

    /** Ends the session of this cookie (sign-out); true when there was one. */
    @Transactional
    public boolean end(String cookie) {
        return cookie != null && store.endSession(OneTimeSecrets.hash(cookie));
    }

    /** The idle timeout in force: the setting, at most 15 min. */
    public Duration idleTimeout() {
        return min(config.idleTimeout(), MAX_IDLE_TIMEOUT);
    }

    /** True when {@code presented} is the session's anti-CSRF token (compared in constant time). */
    public static boolean csrfMatches(ConsoleStore.Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The caller a session's requests are authorized as: its admin, as an admin of its account. */
    public static Caller callerOf(ConsoleStore.Session session) {
        return new Caller(session.admin(), Optional.of(session.account()), Set.of(Scope.ADMIN));
    }

    /** The service's public origin ({@code scheme://host[:port]}), which the console's own requests come from. */
    public String publicOrigin() {
        URI base = URI.create(publicBaseUrl);
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /**
     * True when cookies must be {@code Secure}: always, unless the public base URL is plain
     * {@code http} on a loopback host (the quickstart), where a browser would not send them back.
     */
    public boolean secureCookies() {
        URI base = URI.create(publicBaseUrl);
        return !("http".equalsIgnoreCase(base.getScheme()) && isLoopback(base.getHost()));
    }

    private static String requireReturnUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("/returnUrl", "returnUrl is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
        if (value.length() > MAX_RETURN_URL_LENGTH || !allowed || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("/returnUrl", "returnUrl must be an absolute https URL (http only on a loopback"
                    + " host), without user info, of at most " + MAX_RETURN_URL_LENGTH + " characters");
        }
        return value;
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Paths of the console, from one place. */
    public static final class ConsolePaths {

        private ConsolePaths() {
        }

        /** {@code /console/{account}/}: the console's home, and the cookie's path. */
        public static String home(String account) {
            return "/console/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/";
        }

        /** {@code /console/{account}/open}: where a link is opened. */
        public static String open(String account) {
            return home(account) + "open";
        }
    }
}
