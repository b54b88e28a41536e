package io.tidewatch.topology.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.KeyTerm;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.describe.ThemeMatch;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.AlertEvent;
import io.tidewatch.detect.Explanation;
import io.tidewatch.detect.Finding;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.ReplyExemplar;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.ShiftNaming;
import io.tidewatch.detect.SubTheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert messages say what is true: why an episode closed, and what explains a shift, if anything does. */
class AvroMappingTest {

    private static String message(final LifecycleState state, final String detector, final String concept, final List<Explanation> explainedBy,
                                  final Map<String, String> details) {
        final Finding finding = new Finding(detector, concept, 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), explainedBy, details);
        return AvroMapping.driftAlert(new Alert(new AlertEvent("a1", state, 0, 60_000, 0.0, 0.0, 0), "model=m", 60_000, finding))
                .getMessage();
    }

    @Test
    void aRetiredConceptsEpisodeClosesBecauseTheConceptWasRetiredNotBecauseOfARepin() {
        assertThat(message(LifecycleState.RESOLVED, SegmentMonitor.CUSUM, "tone", List.of(), Map.of("resolved_by", "concept-retired")))
                .isEqualTo("RESOLVED cusum: tone in model=m: closed because the concept was retired (its definition changed or it left the catalog)");
        assertThat(message(LifecycleState.RESOLVED, SegmentMonitor.CUSUM, "tone", List.of(), Map.of("resolved_by", SegmentMonitor.REFERENCE_PIN)))
                .isEqualTo("RESOLVED cusum: tone in model=m: closed because the reference was re-pinned");
        assertThat(message(LifecycleState.RESOLVED, SegmentMonitor.UNEXPLAINED_SHIFT, null, List.of(),
                Map.of("resolved_by", SegmentMonitor.RECALIBRATION)))
                .isEqualTo("RESOLVED unexplained-shift: model=m: closed because the detector calibrates anew after an upgrade"
                        + " (its stored state predates its test)");
    }

    @Test
    void aNamedShiftCarriesItsThemesAndVerdictAndSaysThemInItsMessage() {
        final ShiftNaming naming = new ShiftNaming(List.of(new ThemeMatch("brand-promotion", "Steers to a product.", 0.3, 0.09)),
                List.of(new TermContrast("quillory", 61, 2, 2.5, 9.04), new TermContrast("handy app", 12, 1, 1.1, 3.56)),
                "confirmed on 2400 later replies: effect 0.0200 along the shift (z = 4.1)");
        final Finding finding = new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null, 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(),
                Map.of(), naming);
        final DriftAlert alert = AvroMapping.driftAlert(new Alert(new AlertEvent("a1", LifecycleState.UPDATE, 0, 60_000, 0.0, 0.0, 0),
                "model=m", 60_000, finding));
        assertThat(alert.getDescription().getThemes()).singleElement().satisfies(t -> {
            assertThat(t.getTheme()).isEqualTo("brand-promotion");
            assertThat(t.getShare()).isEqualTo(0.09);
        });
        assertThat(alert.getDescription().getTerms()).extracting(KeyTerm::getTerm, KeyTerm::getShiftedReplies, KeyTerm::getReferenceReplies)
                .containsExactly(tuple("quillory", 61L, 2L), tuple("handy app", 12L, 1L));
        assertThat(alert.getDescription().getVerification()).startsWith("confirmed on 2400 later replies");
        assertThat(alert.getMessage()).endsWith("; no monitored concept explains it; key terms: quillory (z 9.0), handy app (z 3.6);"
                + " nearest themes: brand-promotion (9%);"
                + " confirmed on 2400 later replies: effect 0.0200 along the shift (z = 4.1)");
        assertThat(AvroMapping.driftAlert(new Alert(new AlertEvent("a2", LifecycleState.OPEN, 0, 60_000, 0.0, 0.0, 0), "model=m", 60_000,
                new Finding(SegmentMonitor.CUSUM, "tone", 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(), Map.of())))
                .getDescription()).as("concept detectors name nothing").isNull();
    }

    @Test
    void aShiftOfTwoThemesCarriesItsSubThemesAndNamesThemInItsMessage() {
        final ReplyExemplar app = new ReplyExemplar("c1", 0, "…notes. Try Quillory, a handy app.", 0.4, "Try Quillory, a handy app.", List.of());
        final ReplyExemplar gold = new ReplyExemplar("c2", 1, "Buy physical gold.", 0.3, "Buy physical gold.", List.of());
        final ShiftNaming naming = new ShiftNaming(List.of(), List.of(new TermContrast("quillory", 61, 2, 2.5, 9.04),
                new TermContrast("physical gold", 40, 1, 2.2, 7.5)), null,
                List.of(new SubTheme(List.of("quillory", "handy app", "notes", "try"), 0.6, List.of(app)),
                        new SubTheme(List.of("physical gold"), 0.4, List.of(gold))));
        final DriftAlert alert = AvroMapping.driftAlert(new Alert(new AlertEvent("a1", LifecycleState.OPEN, 0, 60_000, 0.0, 0.0, 0),
                "model=m", 60_000, new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null, 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(),
                        Map.of(), naming)));
        assertThat(alert.getDescription().getSubThemes()).extracting(g -> g.getTerms(), g -> g.getShare())
                .containsExactly(tuple(List.of("quillory", "handy app", "notes", "try"), 0.6), tuple(List.of("physical gold"), 0.4));
        assertThat(alert.getDescription().getSubThemes().get(0).getExemplars()).singleElement()
                .satisfies(x -> assertThat(x.getSentence()).isEqualTo("Try Quillory, a handy app."));
        // At most three terms a group in the message.
        assertThat(alert.getMessage()).contains("; 2 sub-themes: quillory, handy app, notes (60%); physical gold (40%)");
    }

    @Test
    void severityIsInWordsFromTheLevelAndInfoForWhatIsNotAPage() {
        final Finding concept = new Finding(SegmentMonitor.CUSUM, "tone", 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(), Map.of());
        final List<String> words = new java.util.ArrayList<>();
        for (final int level : new int[] {1, 2, 3, 6}) {
            words.add(AvroMapping.driftAlert(new Alert(new AlertEvent("a", LifecycleState.OPEN, 0, 60_000, 9.0, 4.5, level), "model=m", 60_000,
                    concept)).getSeverity());
        }
        assertThat(words).containsExactly("low", "medium", "high", "high");
        final Finding prompts = new Finding(SegmentMonitor.CUSUM, "tone", 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(),
                Map.of("cause", "prompts", "prompt_share", "0.90", "model_z", "0.4", "prompt_replies", "800"));
        assertThat(AvroMapping.driftAlert(new Alert(new AlertEvent("a", LifecycleState.OPEN, 0, 60_000, 40.0, 4.5, 4), "model=m", 60_000,
                prompts)).getSeverity()).as("the users changed, not the model").isEqualTo("info");
        final Finding both = new Finding(SegmentMonitor.CUSUM, "tone", 0.0, 0.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(),
                Map.of("cause", "prompts-and-model", "prompt_share", "0.40", "model_z", "5.0", "prompt_replies", "800"));
        assertThat(AvroMapping.driftAlert(new Alert(new AlertEvent("a", LifecycleState.OPEN, 0, 60_000, 9.0, 4.5, 2), "model=m", 60_000,
                both)).getSeverity()).isEqualTo("medium");
        assertThat(AvroMapping.driftAlert(new Alert(new AlertEvent("p", LifecycleState.AUDIT, 0, 60_000, 0.0, 0.0, 0), "model=m", 60_000,
                new Finding(SegmentMonitor.REFERENCE_PIN, null, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 0, List.of(), List.of(),
                        Map.of("requested_by", "ops", "reason", "r", "outcome", "applied")))).getSeverity()).isEqualTo("info");
    }

    @Test
    void aShiftThatNoConceptExplainsSaysSoAndOneThatAConceptExplainsSaysHowMuch() {
        assertThat(message(LifecycleState.OPEN, SegmentMonitor.UNEXPLAINED_SHIFT, null, List.of(), Map.of()))
                .endsWith("; no monitored concept explains it").doesNotContain("explained by");
        assertThat(message(LifecycleState.OPEN, SegmentMonitor.UNEXPLAINED_SHIFT, null, List.of(new Explanation("tone", -0.5)), Map.of()))
                .endsWith("; tone explains 25% of it (cosine -0.50)");
    }
}
