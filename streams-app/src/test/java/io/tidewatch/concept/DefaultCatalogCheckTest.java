package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.MiniLmEmbedder;
import org.junit.jupiter.api.Test;

/** The shipped catalog passes its own check with the real model, as docs/concepts.md shows. */
class DefaultCatalogCheckTest {

    @Test
    void everyDefaultConceptPassesTheCheckWithTheRealModel() {
        final ConceptCheck.Report report;
        try (MiniLmEmbedder embedder = MiniLmEmbedder.fromClasspath(2)) {
            report = ConceptCheck.run(ConceptCatalogFile.readDefault(), embedder, DemoTraffic.corpus("ordinary-replies.txt"),
                    ConceptCheck.Limits.defaults());
        }
        assertThat(report.concepts()).hasSize(5).allSatisfy(c -> assertThat(c.warnings()).as(c.id()).isEmpty());
        assertThat(report.duplicates()).isEmpty();
        assertThat(report.problems()).isZero();
    }
}
