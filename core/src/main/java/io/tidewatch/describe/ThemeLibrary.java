package io.tidewatch.describe;

import io.tidewatch.concept.CatalogFormatException;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.embed.Embedder;
import io.tidewatch.stats.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A library of themes that name a shift of the mean reply embedding for an operator ("this shift is
 * 40% brand-promotion"). Each theme is a direction in embedding space, written and compiled exactly
 * like a monitored concept (positive and negative example replies; see {@link ConceptCatalog}), but
 * themes only name: nothing calibrates, watches or alerts on them, so the library can hold far more of
 * them than the concept catalog, and they may overlap or be each other's opposites.
 *
 * <p>A shift is named by the themes whose direction points the same way, each with the share of the
 * shift's squared length it explains. Shares of different themes are not additive: theme directions
 * are not orthogonal, so two overlapping themes can each explain much of the same part of a shift.
 *
 * <p>Immutable and thread-safe once compiled.
 */
public final class ThemeLibrary {

    /** The library shipped in the jar. */
    public static final String RESOURCE = "/io/tidewatch/describe/themes.yaml";

    /**
     * Least share of the shift's squared length (cosine²) a theme must explain to be named: 5%, a cosine
     * of 0.22. The same rule the unexplained-shift detector uses to name monitored concepts, for the same
     * reason: a direction unrelated to a shift in d = 384 dimensions has a cosine of about ±1/√d ≈ ±0.05
     * with it, so naming a theme that explains less would mostly name noise.
     */
    public static final double EXPLAINS = 0.05;

    private final String embeddingModel;
    private final List<Theme> themes;

    /** One compiled theme; the direction is held in doubles because shifts are. */
    private record Theme(String id, String description, double[] direction) {
    }

    private ThemeLibrary(final String embeddingModel, final List<Theme> themes) {
        this.embeddingModel = embeddingModel;
        this.themes = List.copyOf(themes);
    }

    /** The shipped library ({@link #RESOURCE}) compiled with {@code embedder}; embeds every example, so it takes a while. */
    public static ThemeLibrary load(final Embedder embedder) {
        return compile(readShipped(), embedder);
    }

    /**
     * The shipped library's definitions, parsed and validated by the concept catalog's rules.
     *
     * @throws CatalogFormatException if the resource breaks them
     */
    public static List<ConceptSpec> readShipped() {
        try (InputStream in = ThemeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("theme library " + RESOURCE + " missing from the classpath");
            }
            return ConceptCatalogFile.parse(in, "classpath:" + RESOURCE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the enabled themes of {@code specs} into directions for {@code embedder}'s model, the
     * way the concept catalog compiles concepts, so a theme and a concept with the same examples have the
     * same direction.
     *
     * @throws IllegalArgumentException if a theme's positive and negative examples have the same mean embedding
     */
    public static ThemeLibrary compile(final List<ConceptSpec> specs, final Embedder embedder) {
        final Map<String, String> descriptions = new HashMap<>();
        specs.forEach(spec -> descriptions.put(spec.id(), spec.description()));
        final ConceptCatalog catalog = ConceptCatalog.compile(specs, embedder);
        final List<Theme> themes = new ArrayList<>();
        for (final ConceptDirection compiled : catalog.concepts()) {
            themes.add(new Theme(compiled.id(), descriptions.get(compiled.id()), Vectors.toDouble(compiled.direction())));
        }
        return new ThemeLibrary(catalog.embeddingModel(), themes);
    }

    /**
     * The themes that name {@code shift}: those whose direction has a positive cosine with it and explains
     * at least {@link #EXPLAINS} of its squared length, largest cosine first (ties by id), at most
     * {@code limit} of them. Empty for a zero shift.
     *
     * <p>Only the positive side is named: a shift away from a theme is not that theme, and the library has
     * explicit opposites (relentless positivity and pessimism, for example) where the other side matters.
     *
     * @param shift a difference of mean embeddings in this library's model space (window minus reference)
     * @throws IllegalArgumentException if the shift has another dimension than the themes, or limit is negative
     */
    public List<ThemeMatch> nearest(final double[] shift, final int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        final double norm = Vectors.norm(shift);
        final List<ThemeMatch> matches = new ArrayList<>();
        if (norm == 0 || themes.isEmpty()) {
            return matches;
        }
        for (final Theme theme : themes) {
            // Directions are unit vectors, so the dot product over the shift's length is the cosine.
            final double cosine = Vectors.dot(shift, theme.direction()) / norm;
            if (cosine > 0 && cosine * cosine >= EXPLAINS) {
                matches.add(new ThemeMatch(theme.id(), theme.description(), cosine, cosine * cosine));
            }
        }
        matches.sort(Comparator.comparingDouble((ThemeMatch m) -> -m.cosine()).thenComparing(ThemeMatch::id));
        return List.copyOf(matches.subList(0, Math.min(limit, matches.size())));
    }

    /** Number of compiled (enabled) themes. */
    public int size() {
        return themes.size();
    }

    /** Ids of the compiled themes, in library order. */
    public List<String> ids() {
        return themes.stream().map(Theme::id).toList();
    }

    /** Id of the embedding model the directions were compiled with; shifts must come from the same model. */
    public String embeddingModel() {
        return embeddingModel;
    }
}
