package io.tidewatch.describe;

/**
 * How well one theme of the {@link ThemeLibrary} names a shift of the mean reply embedding.
 *
 * @param id          theme id, kebab-case
 * @param description the theme's one-sentence description, for the operator
 * @param cosine      cosine between the shift and the theme's unit direction, in (0, 1]
 * @param share       cosine², the share of the shift's squared length that the theme's direction explains
 */
public record ThemeMatch(String id, String description, double cosine, double share) {
}
