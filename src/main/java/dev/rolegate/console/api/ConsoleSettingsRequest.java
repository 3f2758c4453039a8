package dev.rolegate.console.api;

import java.util.List;

/**
 * Body of {@code PUT /v1/accounts/{account}/console/settings}; it replaces all three.
 *
 * @param frameAncestors origins allowed to embed the console ({@code https://app.example.com}); null or
 *        empty: none
 * @param brandColor {@code #rrggbb}; null: Rolegate's own
 * @param logo {@code data:image/png|jpeg|webp;base64,...}, at most 32 KiB decoded; null: none
 */
public record ConsoleSettingsRequest(List<String> frameAncestors, String brandColor, String logo) {
}
