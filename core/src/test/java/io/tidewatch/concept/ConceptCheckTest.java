package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check's numbers on catalogs whose geometry is worked out by hand in the plane. Vectors are
 * floats, so expectations hold to 1e-6.
 */
class ConceptCheckTest {

    private static final double EPS = 1e-6;
    private static final List<String> NEUTRAL = List.of("neutral x", "neutral y");
    private static final ConceptCheck.Limits LENIENT = new ConceptCheck.Limits(0.5, 1.0, 0.8, 2);

    /**
     * Concept "c": positives a = (1, 0), b = (0, 1), c = (−0.8, 0.6); negatives m = (0, −1),
     * n = (−1, 0). Neutral traffic: (1, 0) and (0, 1).
     */
    private static TableEmbedder plane() {
        return new TableEmbedder(2)
                .put("pos a", 1, 0).put("pos b", 0, 1).put("pos c", -0.8f, 0.6f)
                .put("neg m", 0, -1).put("neg n", -1, 0)
                .put("neutral x", 1, 0).put("neutral y", 0, 1)
                // "twin" points almost where "c" does, "across" does not.
                .put("twin +1", 0, 1).put("twin +2", 0.6f, 0.8f).put("twin -1", 0, -1).put("twin -2", -0.6f, -0.8f)
                .put("across +1", 1, 0).put("across +2", 0.8f, -0.6f).put("across -1", -1, 0).put("across -2", -0.8f, 0.6f);
    }

    private static ConceptSpec concept(final String id, final List<String> positive, final List<String> negative) {
        return new ConceptSpec(id, "", true, positive, negative, Map.of());
    }

    private static final ConceptSpec C = concept("c", List.of("pos a", "pos b", "pos c"), List.of("neg m", "neg n"));

    @Test
    void heldOutScoresUseTheDirectionCompiledWithoutTheExample() {
        final TableEmbedder plane = plane();
        final List<float[]> positives = plane.embed(C.positiveExamples());
        final List<float[]> negatives = plane.embed(C.negativeExamples());
        // a: mean(b, c) − mean(m, n) = (−0.4, 0.8) − (−0.5, −0.5) = (0.1, 1.3); a·d = 0.1/√1.7.
        // b: mean(a, c) − (−0.5, −0.5) = (0.6, 0.8), already unit; b·d = 0.8.
        // c: mean(a, b) − (−0.5, −0.5) = (1, 1); c·d = (−0.8 + 0.6)/√2.
        assertThat(ConceptCheck.heldOutScores(positives, negatives, true))
                .containsExactly(new double[] {0.1 / Math.sqrt(1.7), 0.8, -0.2 / Math.sqrt(2)}, offset(EPS));
        // mean(positives) = (0.2/3, 1.6/3). m: minus n = (3.2/3, 1.6/3) ∝ (2, 1); m·d = −1/√5.
        // n: minus m = (0.2/3, 4.6/3) ∝ (1, 23); n·d = −1/√530.
        assertThat(ConceptCheck.heldOutScores(positives, negatives, false))
                .containsExactly(new double[] {-1 / Math.sqrt(5), -1 / Math.sqrt(530)}, offset(EPS));
    }

    @Test
    void aucAndEffectsAreInUnitsOfTheNeutralSpread() {
        final ConceptCheck.ConceptResult c = ConceptCheck.run(List.of(C), plane(), NEUTRAL, LENIENT).concepts().get(0);

        // Of the six (positive, negative) pairs only c = −0.141 < n = −0.043 is out of order.
        assertThat(c.looAuc()).isCloseTo(5.0 / 6, offset(EPS));
        // Full direction: (0.2/3, 1.6/3) − (−0.5, −0.5) ∝ (1.7, 3.1), length √12.5. Neutral scores are
        // 1.7/√12.5 and 3.1/√12.5: sample deviation |difference|/√2 = 1.4/√25 = 0.28, mean 2.4/√12.5.
        final double spread = 0.28;
        final double meanPositive = (0.1 / Math.sqrt(1.7) + 0.8 - 0.2 / Math.sqrt(2)) / 3;
        final double meanNegative = (-1 / Math.sqrt(5) - 1 / Math.sqrt(530)) / 2;
        assertThat(c.neutralSpread()).isCloseTo(spread, offset(EPS));
        assertThat(c.effect()).isCloseTo((meanPositive - meanNegative) / spread, offset(EPS));
        assertThat(c.versusTraffic()).isCloseTo((meanPositive - 2.4 / Math.sqrt(12.5)) / spread, offset(EPS));
        assertThat(c.positives()).isEqualTo(3);
        assertThat(c.negatives()).isEqualTo(2);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void weakConceptsAndThinExamplesAreProblems() {
        // effect = (0.245092 + 0.245325) / 0.28 = 1.75 spreads; AUC 0.833.
        final ConceptCheck.Report report = ConceptCheck.run(List.of(C), plane(), NEUTRAL, new ConceptCheck.Limits(0.9, 2.0, 0.8, 10));

        assertThat(report.problems()).isEqualTo(3);
        assertThat(report.concepts().get(0).warnings()).containsExactly(
                "only 3 positive and 2 negative examples; 10 or more on each side make a stable direction",
                "weak: leave-one-out AUC 0.833 is below 0.90; positives and negatives overlap",
                "weak: effect 1.75 is below 2.00 neutral spreads; the direction barely moves against ordinary traffic");
    }

    @Test
    void conceptsWhoseDirectionsAlmostCoincideAreNearDuplicates() {
        final ConceptCheck.Report report = ConceptCheck.run(List.of(C,
                concept("twin", List.of("twin +1", "twin +2"), List.of("twin -1", "twin -2")),
                concept("across", List.of("across +1", "across +2"), List.of("across -1", "across -2"))), plane(), NEUTRAL, LENIENT);

        // Directions: c ∝ (1.7, 3.1)/√12.5, twin = (1, 3)/√10, across = (3, −1)/√10.
        assertThat(report.pairs()).extracting(ConceptCheck.Pair::first, ConceptCheck.Pair::second)
                .containsExactly(tuple("c", "twin"), tuple("c", "across"),
                        tuple("twin", "across"));
        assertThat(report.pairs().stream().mapToDouble(ConceptCheck.Pair::cosine).toArray())
                .containsExactly(new double[] {11 / Math.sqrt(125), 2 / Math.sqrt(125), 0.0}, offset(EPS));
        assertThat(report.duplicates()).extracting(ConceptCheck.Pair::first, ConceptCheck.Pair::second)
                .containsExactly(tuple("c", "twin"));
        assertThat(report.closest()).map(ConceptCheck.Pair::second).contains("twin");
        assertThat(report.problems()).isEqualTo(1);
    }

    @Test
    void overlapIsTheLiftOneConceptsPositivesGiveAnotherAsAShareOfItsOwn() {
        final ConceptCheck.Report report = ConceptCheck.run(List.of(C,
                concept("twin", List.of("twin +1", "twin +2"), List.of("twin -1", "twin -2")),
                concept("across", List.of("across +1", "across +2"), List.of("across -1", "across -2"))), plane(), NEUTRAL, LENIENT);

        // twin and across each score both held-out positives 1.7/√3.7; neutral traffic means 2/√10 on twin
        // and 1/√10 on across. c's positives mean 5/(3√10) on twin and −1/(3√10) on across; twin's and
        // across's positives mean 0 on each other. c's own positives sit below neutral traffic, so
        // nothing is measured into c.
        final double twinLift = 1.7 / Math.sqrt(3.7) - 2 / Math.sqrt(10);
        final double acrossLift = 1.7 / Math.sqrt(3.7) - 1 / Math.sqrt(10);
        assertThat(report.overlaps()).extracting(ConceptCheck.Overlap::from, ConceptCheck.Overlap::into)
                .containsExactly(tuple("c", "twin"), tuple("across", "twin"), tuple("c", "across"), tuple("twin", "across"));
        assertThat(report.overlaps().stream().mapToDouble(ConceptCheck.Overlap::share).toArray()).containsExactly(new double[] {
                (5 / (3 * Math.sqrt(10)) - 2 / Math.sqrt(10)) / twinLift, -2 / Math.sqrt(10) / twinLift,
                (-1 / (3 * Math.sqrt(10)) - 1 / Math.sqrt(10)) / acrossLift, -1 / Math.sqrt(10) / acrossLift}, offset(EPS));
        assertThat(report.strongestOverlap("c")).map(ConceptCheck.Overlap::into).contains("twin");
    }

    @Test
    void aDirectionThatCannotBeComputedIsAProblemNotACrash() {
        final TableEmbedder plane = plane().put("same 1", 1, 0).put("same 2", 1, 0).put("single", 0, 1);
        final ConceptCheck.Report report = ConceptCheck.run(List.of(
                concept("flat", List.of("same 1", "pos b"), List.of("same 2", "pos b copy")),
                concept("lonely", List.of("single"), List.of("neg m", "neg n"))),
                plane.put("pos b copy", 0, 1), NEUTRAL, LENIENT);

        assertThat(report.concepts().get(0).warnings()).containsExactly("cannot be measured: positive and negative examples have the same mean embedding");
        assertThat(report.concepts().get(0).looAuc()).isNaN();
        assertThat(report.concepts().get(1).warnings()).containsExactly(
                "only 1 positive and 2 negative examples; 2 or more on each side make a stable direction",
                "cannot be measured: leave-one-out needs at least two examples on each side");
        // Neither is measured, so there is no pair to compare.
        assertThat(report.pairs()).extracting(ConceptCheck.Pair::first).containsExactly();
    }

    @Test
    void neutralTrafficNeedsTwoRepliesToHaveASpread() {
        assertThatThrownBy(() -> ConceptCheck.run(List.of(C), plane(), List.of("neutral x"), LENIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two replies");
    }

    @Test
    void tiesCountHalf() {
        assertThat(ConceptCheck.auc(new double[] {1, 0}, new double[] {0})).isEqualTo(0.75);
    }
}
