package dev.rolegate.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's console settings, validated ({@link ConsoleSettingsService#validate}).
 *
 * @param frameAncestors the exact origins ({@code https://host[:port]}, or {@code http} on a
 *        loopback host) allowed to embed the console in an iframe, normalised (lower case, no
 *        default port), without repeats, at most {@value ConsoleSettingsService#MAX_FRAME_ANCESTORS};
 *        empty: the console may not be framed at all ({@code frame-ancestors 'none'})
 * @param brandColor {@code #rrggbb} in lower case, the colour of buttons, links and the current
 *        page; empty for Rolegate's own
 * @param logo the logo shown in the console's bar; empty for none
 */
public record ConsoleSettings(List<String> frameAncestors, Optional<String> brandColor, Optional<Logo> logo) {

    /** No framing, Rolegate's colour, no logo: an account's settings until they are first set. */
    public static final ConsoleSettings DEFAULT = new ConsoleSettings(List.of(), Optional.empty(), Optional.empty());

    public ConsoleSettings {
        frameAncestors = List.copyOf(frameAncestors);
        Objects.requireNonNull(brandColor, "brandColor");
        Objects.requireNonNull(logo, "logo");
    }

    /**
     * A raster logo.
     *
     * @param mediaType {@code image/png}, {@code image/jpeg} or {@code image/webp}, matching the bytes' signature
     * @param bytes at most {@value ConsoleSettingsService#MAX_LOGO_BYTES} bytes
     */
    public record Logo(String mediaType, byte[] bytes) {
        public Logo {
            Objects.requireNonNull(mediaType, "mediaType");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Logo l && l.mediaType.equals(mediaType) && java.util.Arrays.equals(l.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * mediaType.hashCode() + java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Logo[" + mediaType + ", " + bytes.length + " bytes]";
        }
    }
}
