package io.tidewatch.concept;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** One concept as an operator writes it in the catalog file or publishes it on the catalog topic. */
public record ConceptSpec(
        String id,
        String description,
        boolean enabled,
        List<String> positiveExamples,
        List<String> negativeExamples,
        Map<String, String> settings) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SETTING_KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    private static final int FINGERPRINT_BYTES = 6;

    public ConceptSpec {
        positiveExamples = List.copyOf(positiveExamples);
        negativeExamples = List.copyOf(negativeExamples);
        settings = Map.copyOf(settings);
    }

    /**
     * Validates a concept from any source, so a file and a topic record are held to the same rules.
     * Messages start with {@code source}; {@code entry} (for example {@code "concepts[2]."}) names
     * the entry while its id is not yet known to be valid.
     *
     * @throws CatalogFormatException naming the source and the offending key
     */
    public static ConceptSpec validated(final String source, final String entry, final String id, final String description,
                                        final Boolean enabled, final List<String> positive, final List<String> negative,
                                        final Map<String, String> settings) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new CatalogFormatException(source + ": " + entry + "id "
                    + (id == null ? "is missing" : "'" + id + "' is not kebab-case (a-z, 0-9, '-')"));
        }
        final String named = source + ": concept '" + id + "'";
        requireExamples(positive, named + ".positive_examples");
        requireExamples(negative, named + ".negative_examples");
        requireDisjoint(positive, negative, named);
        requireSettings(settings == null ? Map.of() : settings, named + ".settings");
        return new ConceptSpec(id, description == null ? "" : description.strip(), enabled == null || enabled,
                positive, negative, settings == null ? Map.of() : settings);
    }

    /**
     * A short stable id of the direction this concept compiles to under {@code embeddingModel}: the
     * first 12 hex digits of SHA-256 over the model id and the examples. Description, settings and
     * the enabled flag do not move the direction, so they do not change it.
     */
    public String fingerprint(final String embeddingModel) {
        final MessageDigest sha = sha256();
        update(sha, embeddingModel);
        positiveExamples.forEach(e -> update(sha, "+" + e));
        negativeExamples.forEach(e -> update(sha, "-" + e));
        return HexFormat.of().formatHex(sha.digest(), 0, FINGERPRINT_BYTES);
    }

    private static void update(final MessageDigest sha, final String part) {
        // A separator that cannot occur inside a part keeps ["ab", "c"] and ["a", "bc"] apart.
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void requireExamples(final List<String> examples, final String where) {
        if (examples == null || examples.isEmpty()) {
            throw new CatalogFormatException(where + " is missing or empty; a direction needs at least one example on each side");
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < examples.size(); i++) {
            final String example = examples.get(i);
            if (example == null || example.isBlank()) {
                throw new CatalogFormatException(where + "[" + i + "] is blank");
            }
            if (!seen.add(example.strip())) {
                throw new CatalogFormatException(where + "[" + i + "] repeats an earlier example; each counts once");
            }
        }
    }

    private static void requireDisjoint(final List<String> positive, final List<String> negative, final String named) {
        final Set<String> positives = new HashSet<>(positive.stream().map(String::strip).toList());
        for (int i = 0; i < negative.size(); i++) {
            if (positives.contains(negative.get(i).strip())) {
                throw new CatalogFormatException(named + ".negative_examples[" + i + "] is also a positive example");
            }
        }
    }

    private static void requireSettings(final Map<String, String> settings, final String where) {
        for (final Map.Entry<String, String> setting : settings.entrySet()) {
            if (setting.getKey() == null || !SETTING_KEY.matcher(setting.getKey()).matches()) {
                throw new CatalogFormatException(where + " key '" + setting.getKey() + "' is not a setting name (a-z, 0-9, '.', '_', '-')");
            }
            if (setting.getValue() == null || setting.getValue().isBlank()) {
                throw new CatalogFormatException(where + "." + setting.getKey() + " has no value");
            }
        }
    }
}
