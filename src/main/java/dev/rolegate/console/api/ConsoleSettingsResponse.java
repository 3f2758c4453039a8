package dev.rolegate.console.api;

import dev.rolegate.console.ConsoleSettings;
import java.util.Base64;
import java.util.List;

/**
 * An account's console settings, as {@code GET} and {@code PUT .../console/settings} answer them.
 *
 * @param frameAncestors the normalised origins that may embed the console; empty: none may
 * @param brandColor {@code #rrggbb} or null
 * @param logo the logo as a {@code data:} URI, or null
 */
public record ConsoleSettingsResponse(List<String> frameAncestors, String brandColor, String logo) {

    public static ConsoleSettingsResponse of(ConsoleSettings s) {
        return new ConsoleSettingsResponse(s.frameAncestors(), s.brandColor().orElse(null),
                s.logo().map(l -> "data:" + l.mediaType() + ";base64," + Base64.getEncoder().encodeToString(l.bytes()))
                        .orElse(null));
    }
}
