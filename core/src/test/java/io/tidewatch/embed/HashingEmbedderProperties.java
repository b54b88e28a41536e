package io.tidewatch.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hashing embedder's definition: lower-case the text, split it on runs of anything but
 * [a-z0-9], add ±1 per word at the coordinate its CRC32 picks, normalise. Its vectors drive the
 * topology tests and the replay-equals-live check, so a faster implementation must give exactly
 * the vectors of this definition.
 */
class HashingEmbedderProperties {

    private static final int DIMENSION = 384;
    private final HashingEmbedder embedder = new HashingEmbedder(DIMENSION);

    @Property(tries = 500)
    void givesTheVectorsOfItsDefinitionToTheLastBit(@ForAll("texts") final String text) {
        assertThat(embedder.embed(List.of(text)).get(0)).containsExactly(byDefinition(text));
    }

    @Example
    void oneWordIsAUnitVectorAtTheCoordinateItsCrcPicks() {
        final CRC32 crc = new CRC32();
        crc.update("tide".getBytes(StandardCharsets.US_ASCII));
        final long h = crc.getValue();
        final float[] v = embedder.embed(List.of("  Tide!")).get(0);
        assertThat(v[(int) (h % DIMENSION)]).isEqualTo(((h >>> 20) & 1) == 0 ? 1f : -1f);
        double norm = 0;
        for (final float x : v) {
            norm += x * x;
        }
        assertThat(norm).isEqualTo(1.0);
    }

    @Example
    void aTextWithoutWordsIsTheZeroVector() {
        assertThat(embedder.embed(List.of("… — !?")).get(0)).containsOnly(0f);
    }

    /** Mixed ASCII words, punctuation, digits and non-ASCII letters (some lower-case to ASCII, like the Kelvin sign). */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcXYZ019 .,!-_'\n\tÄéİ\u212Aßπ日").ofMaxLength(80);
    }

    private static float[] byDefinition(final String text) {
        final float[] v = new float[DIMENSION];
        for (final String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            final CRC32 crc = new CRC32();
            crc.update(word.getBytes(StandardCharsets.UTF_8));
            final long h = crc.getValue();
            v[(int) (h % DIMENSION)] += ((h >>> 20) & 1) == 0 ? 1f : -1f;
        }
        double norm = 0;
        for (final float x : v) {
            norm += x * x;
        }
        final float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
