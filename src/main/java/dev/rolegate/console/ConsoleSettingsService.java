package dev.rolegate.console;

import dev.rolegate.account.AccountService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.console.api.ConsoleSettingsResponse;
import dev.rolegate.console.store.ConsoleSettingsEntity;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's account settings (issue 14 item 3): where the console may be embedded and how it
 * is branded. Written through the unit of work as change kind {@code console_settings}, key
 * {@value Change#CONSOLE_SETTINGS_KEY}, audit action {@code console.settings.create} /
 * {@code .update}; the change item carries the logo's SHA-256, not its bytes.
 */
@ApplicationScoped
public class ConsoleSettingsService {

    /** The most framing origins an account may list. */
    public static final int MAX_FRAME_ANCESTORS = 10;
    /** The largest logo, in bytes (before base64). */
    public static final int MAX_LOGO_BYTES = 32 * 1024;

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern DATA_URI = Pattern.compile("data:(image/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=\\s]+)");
    /** What a normalised origin may be made of: nothing that could end or extend a CSP directive. */
    private static final Pattern ORIGIN = Pattern.compile("https?://(?:[a-z0-9-]+(?:\\.[a-z0-9-]+)*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    AccountService accounts;

    @Inject
    Clock clock;

    /**
     * The account's settings, {@link ConsoleSettings#DEFAULT} until first set.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public ConsoleSettings get(String account) {
        accounts.get(account);
        return find(account);
    }

    /** The settings of an account known to exist, for the console's own responses. */
    @Transactional
    public ConsoleSettings find(String account) {
        ConsoleSettingsEntity row = ConsoleSettingsEntity.findById(account);
        return row == null ? ConsoleSettings.DEFAULT : settings(row);
    }

    /**
     * Replaces the account's settings.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public Written<ConsoleSettingsResponse> put(String account, ConsoleSettings settings) {
        return writes.in(account, callers.attribution(), work -> {
            ConsoleSettingsEntity row = ConsoleSettingsEntity.findById(account);
            boolean created = row == null;
            ConsoleSettingsChange before = created ? null : change(settings(row));
            if (created) {
                row = new ConsoleSettingsEntity();
                row.accountId = account;
            }
            row.frameAncestors = settings.frameAncestors().toArray(String[]::new);
            row.brandColor = settings.brandColor().orElse(null);
            row.logo = settings.logo().map(ConsoleSettings.Logo::bytes).orElse(null);
            row.logoMediaType = settings.logo().map(ConsoleSettings.Logo::mediaType).orElse(null);
            row.updatedAt = clock.instant();
            if (created) {
                row.persist();
            }
            ConsoleSettingsChange after = change(settings);
            work.record(Change.put(ChangeKind.CONSOLE_SETTINGS, Change.CONSOLE_SETTINGS_KEY, before, after));
            return new Written<>(ConsoleSettingsResponse.of(settings), work.revision(), created);
        });
    }

    /**
     * Validates settings as sent: {@code frameAncestors} (null for none), {@code brandColor} and
     * {@code logo} (a {@code data:image/png|jpeg|webp;base64,...} URI) each null for none.
     *
     * @throws ProblemException 400 {@code invalid_request} with one field error per bad value, at
     *         {@code /frameAncestors/{i}}, {@code /frameAncestors}, {@code /brandColor} or {@code /logo}
     */
    public static ConsoleSettings validate(List<String> frameAncestors, String brandColor, String logo) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> origins = new LinkedHashSet<>();
        List<String> sent = frameAncestors == null ? List.of() : frameAncestors;
        for (int i = 0; i < sent.size(); i++) {
            String pointer = "/frameAncestors/" + i;
            origin(sent.get(i)).ifPresentOrElse(origins::add, () -> errors.add(new FieldError(pointer,
                    "must be an origin such as https://app.example.com (https, or http on localhost; no path, no wildcard)")));
        }
        if (origins.size() > MAX_FRAME_ANCESTORS) {
            errors.add(new FieldError("/frameAncestors", "lists more than " + MAX_FRAME_ANCESTORS + " origins"));
        }
        Optional<String> color = Optional.empty();
        if (brandColor != null && !brandColor.isEmpty()) {
            if (COLOR.matcher(brandColor).matches()) {
                color = Optional.of(brandColor.toLowerCase(Locale.ROOT));
            } else {
                errors.add(new FieldError("/brandColor", "must be a colour written #rrggbb, e.g. #0b7285"));
            }
        }
        Optional<ConsoleSettings.Logo> image = Optional.empty();
        if (logo != null && !logo.isEmpty()) {
            try {
                image = Optional.of(logo(logo));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("/logo", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The console settings were not changed: " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "") + ".", errors);
        }
        return new ConsoleSettings(List.copyOf(origins), color, image);
    }

    /**
     * A logo from its bytes as uploaded: the media type is taken from the bytes' signature, never
     * from what the browser claims.
     *
     * @throws IllegalArgumentException saying what is wrong, for the form
     */
    public static ConsoleSettings.Logo logo(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("is empty");
        }
        if (bytes.length > MAX_LOGO_BYTES) {
            throw new IllegalArgumentException("is " + bytes.length / 1024 + " KiB; a logo may be at most "
                    + MAX_LOGO_BYTES / 1024 + " KiB");
        }
        String type = sniff(bytes).orElseThrow(() -> new IllegalArgumentException("must be a PNG, JPEG or WebP image"));
        return new ConsoleSettings.Logo(type, bytes);
    }

    private static ConsoleSettings.Logo logo(String dataUri) {
        var m = DATA_URI.matcher(dataUri);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a data URI of a PNG, JPEG or WebP image: data:image/png;base64,...");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64");
        }
        ConsoleSettings.Logo logo = logo(bytes);
        if (!logo.mediaType().equals(m.group(1))) {
            throw new IllegalArgumentException("says " + m.group(1) + " but holds " + logo.mediaType());
        }
        return logo;
    }

    /** PNG (RFC 2083 §3.1), JPEG (SOI marker) or WebP (RIFF .... WEBP) by signature. */
    private static Optional<String> sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0d && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return Optional.of("image/png");
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (b.length >= 12 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /**
     * An origin as CSP's {@code frame-ancestors} takes it (CSP Level 3 §6.4.2, host-source): an
     * absolute {@code https} URI with a host and nothing after it, or {@code http} on a loopback
     * host (a vendor developing locally); normalised to lower case without the default port.
     * Wildcards, {@code *}, keywords and scheme-only sources are refused: each would let pages the
     * account never named frame its console (clickjacking).
     */
    static Optional<String> origin(String text) {
        if (text == null || text.isBlank() || text.indexOf('*') >= 0) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (host == null || !bare || !(scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host))) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String origin = scheme + "://" + host + (defaultPort ? "" : ":" + port);
        return ORIGIN.matcher(origin).matches() ? Optional.of(origin) : Optional.empty();
    }

    private static ConsoleSettings settings(ConsoleSettingsEntity row) {
        return new ConsoleSettings(Arrays.asList(row.frameAncestors), Optional.ofNullable(row.brandColor),
                row.logo == null ? Optional.empty() : Optional.of(new ConsoleSettings.Logo(row.logoMediaType, row.logo)));
    }

    /**
     * The change item's shape: the settings with the logo's media type and SHA-256 (hex) in place
     * of its bytes.
     */
    public record ConsoleSettingsChange(List<String> frameAncestors, String brandColor, String logoMediaType,
                                        String logoSha256) {
    }

    private static ConsoleSettingsChange change(ConsoleSettings s) {
        return new ConsoleSettingsChange(s.frameAncestors(), s.brandColor().orElse(null),
                s.logo().map(ConsoleSettings.Logo::mediaType).orElse(null),
                s.logo().map(l -> sha256(l.bytes())).orElse(null));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
