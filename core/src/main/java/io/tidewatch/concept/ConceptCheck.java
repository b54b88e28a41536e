package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How well each concept of a catalog can be monitored, before it is deployed:
 *
 * <ul>
 *   <li><b>leave-one-out AUC</b>: each example is scored on the direction compiled without it; the
 *       AUC is the chance that a held-out positive outscores a held-out negative (ties count half).
 *       In-sample scores would flatter a concept, since every example pulls the direction toward
 *       itself.</li>
 *   <li><b>effect</b>: mean held-out positive score minus mean held-out negative score, in units of
 *       the per-reply spread (sample standard deviation) of neutral traffic on the concept's
 *       direction. That spread is the noise every bucket mean fights against.</li>
 *   <li><b>versus traffic</b>: mean held-out positive score minus the mean score of neutral traffic,
 *       in the same unit: how far a reply that expresses the concept stands out from the traffic
 *       the detector watches. A share f of such replies moves the per-reply mean by f times this.</li>
 *   <li><b>near-duplicates</b>: pairs of concepts whose directions have a cosine above the limit
 *       watch the same thing twice and split the false-alarm budget for nothing.</li>
 *   <li><b>overlap</b> (information, not a problem): how far one concept's positive examples lift
 *       another concept's score above neutral traffic, as a share of that concept's own held-out
 *       lift. A drift in the first shows up in the second at about that share; directions with a
 *       modest cosine can still overlap this way, because they share a component that neutral
 *       traffic lacks.</li>
 * </ul>
 */
public final class ConceptCheck {

    private ConceptCheck() {
    }

    /**
     * When a concept counts as a problem.
     *
     * @param minAuc      leave-one-out AUC below this is weak
     * @param minEffect   effect (in neutral spreads) below this is weak
     * @param maxCosine   directions with a cosine above this are near-duplicates
     * @param minExamples fewer examples on a side than this make an unstable direction
     */
    public record Limits(double minAuc, double minEffect, double maxCosine, int minExamples) {

        public static Limits defaults() {
            return new Limits(0.9, 2.0, 0.8, 10);
        }
    }

    /** One concept's numbers; NaN where they cannot be computed (see the warnings). */
    public record ConceptResult(String id, boolean enabled, int positives, int negatives, double looAuc, double effect,
                                double versusTraffic, double neutralSpread, List<String> warnings) {

        public ConceptResult {
            warnings = List.copyOf(warnings);
        }
    }

    /** The cosine between two concepts' directions. */
    public record Pair(String first, String second, double cosine) {
    }

    /** How far {@code from}'s positives lift {@code into}'s score, as a share of {@code into}'s own positives' lift. */
    public record Overlap(String from, String into, double share) {
    }

    /** The whole check; every warning and every near-duplicate pair is a problem. */
    public record Report(int neutralReplies, List<ConceptResult> concepts, List<Pair> pairs, List<Overlap> overlaps, Limits limits) {

        public Report {
            concepts = List.copyOf(concepts);
            pairs = List.copyOf(pairs);
            overlaps = List.copyOf(overlaps);
        }

        /** The concept that {@code id}'s positives lift the most, relative to its own. */
        public Optional<Overlap> strongestOverlap(final String id) {
            return overlaps.stream().filter(o -> o.from().equals(id)).max(Comparator.comparingDouble(Overlap::share));
        }

        /** Pairs whose directions are closer than the limit allows. */
        public List<Pair> duplicates() {
            return pairs.stream().filter(p -> p.cosine() > limits.maxCosine()).toList();
        }

        public Optional<Pair> closest() {
            return pairs.stream().max(Comparator.comparingDouble(Pair::cosine));
        }

        public int problems() {
            return concepts.stream().mapToInt(c -> c.warnings().size()).sum() + duplicates().size();
        }
    }

    /**
     * Checks every concept, enabled or not (an author wants to know before enabling one).
     *
     * @param neutral replies of ordinary traffic, at least two
     */
    public static Report run(final List<ConceptSpec> specs, final Embedder embedder, final List<String> neutral,
                             final Limits limits) {
        if (neutral.size() < 2) {
            throw new IllegalArgumentException("the neutral traffic sample needs at least two replies to have a spread, got " + neutral.size());
        }
        final List<float[]> traffic = embedder.embed(neutral);
        final List<Measured> measured = new ArrayList<>();
        for (final ConceptSpec spec : specs) {
            measured.add(check(spec, embedder.embed(spec.positiveExamples()), embedder.embed(spec.negativeExamples()), traffic, limits));
        }
        final List<Measured> directed = measured.stream().filter(m -> m.direction() != null).toList();
        return new Report(neutral.size(), measured.stream().map(Measured::result).toList(), pairs(directed),
                overlaps(directed, traffic), limits);
    }

    /** One concept's result with what the pairwise measures need; direction is null when there is none. */
    private record Measured(ConceptResult result, List<float[]> positives, float[] direction, double lift) {
    }

    private static Measured check(final ConceptSpec spec, final List<float[]> positives, final List<float[]> negatives,
                                  final List<float[]> traffic, final Limits limits) {
        final List<String> warnings = new ArrayList<>();
        if (Math.min(positives.size(), negatives.size()) < limits.minExamples()) {
            warnings.add(String.format("only %d positive and %d negative examples; %d or more on each side make a stable direction",
                    positives.size(), negatives.size(), limits.minExamples()));
        }
        final double[] heldOutPositive;
        final double[] heldOutNegative;
        final float[] direction;
        try {
            heldOutPositive = heldOutScores(positives, negatives, true);
            heldOutNegative = heldOutScores(positives, negatives, false);
            direction = VectorMath.unitDifference(VectorMath.mean(positives), VectorMath.mean(negatives));
        } catch (final IllegalArgumentException e) {
            warnings.add("cannot be measured: " + e.getMessage());
            return new Measured(new ConceptResult(spec.id(), spec.enabled(), positives.size(), negatives.size(),
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, warnings), positives, null, Double.NaN);
        }
        final double[] neutral = project(traffic, direction);
        final double spread = sampleDeviation(neutral);
        final double auc = auc(heldOutPositive, heldOutNegative);
        final double effect = (mean(heldOutPositive) - mean(heldOutNegative)) / spread;
        warnings.addAll(weaknesses(auc, effect, limits));
        final double lift = mean(heldOutPositive) - mean(neutral);
        return new Measured(new ConceptResult(spec.id(), spec.enabled(), positives.size(), negatives.size(), auc, effect,
                lift / spread, spread, warnings), positives, direction, lift);
    }

    private static List<String> weaknesses(final double auc, final double effect, final Limits limits) {
        final List<String> weaknesses = new ArrayList<>();
        if (!(auc >= limits.minAuc())) {
            weaknesses.add(String.format("weak: leave-one-out AUC %.3f is below %.2f; positives and negatives overlap",
                    auc, limits.minAuc()));
        }
        if (!(effect >= limits.minEffect())) {
            weaknesses.add(String.format("weak: effect %.2f is below %.2f neutral spreads; the direction barely moves against ordinary traffic",
                    effect, limits.minEffect()));
        }
        return weaknesses;
    }

    /**
     * Scores of one side's examples, each on the direction compiled without it.
     *
     * @throws IllegalArgumentException if that side has a single example (nothing is left to hold out against)
     */
    static double[] heldOutScores(final List<float[]> positives, final List<float[]> negatives, final boolean positiveSide) {
        final List<float[]> side = positiveSide ? positives : negatives;
        if (side.size() < 2) {
            throw new IllegalArgumentException("leave-one-out needs at least two examples on each side");
        }
        final double[] otherMean = VectorMath.mean(positiveSide ? negatives : positives);
        final double[] sideSum = VectorMath.sum(side);
        final double[] scores = new double[side.size()];
        for (int i = 0; i < side.size(); i++) {
            final double[] restMean = VectorMath.scale(VectorMath.minus(sideSum, side.get(i)), 1.0 / (side.size() - 1));
            final float[] direction = positiveSide
                    ? VectorMath.unitDifference(restMean, otherMean)
                    : VectorMath.unitDifference(otherMean, restMean);
            scores[i] = VectorMath.dot(side.get(i), direction);
        }
        return scores;
    }


    /** Probability that a positive outscores a negative, ties counting half (the Mann-Whitney form of the AUC). */
    static double auc(final double[] positive, final double[] negative) {
        double wins = 0;
        for (final double p : positive) {
            for (final double n : negative) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positive.length * negative.length);
    }

    private static List<Pair> pairs(final List<Measured> concepts) {
        final List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < concepts.size(); i++) {
            for (int j = i + 1; j < concepts.size(); j++) {
                // Both are unit vectors, so their dot product is the cosine.
                pairs.add(new Pair(concepts.get(i).result().id(), concepts.get(j).result().id(),
                        VectorMath.dot(concepts.get(i).direction(), concepts.get(j).direction())));
            }
        }
        return pairs;
    }

    /** Overlaps into every concept whose own positives rise above neutral traffic; into the others a share means nothing. */
    private static List<Overlap> overlaps(final List<Measured> concepts, final List<float[]> traffic) {
        final List<Overlap> overlaps = new ArrayList<>();
        for (final Measured into : concepts) {
            if (!(into.lift() > 0)) {
                continue;
            }
            final double neutralMean = mean(project(traffic, into.direction()));
            for (final Measured from : concepts) {
                if (from != into) {
                    overlaps.add(new Overlap(from.result().id(), into.result().id(),
                            (mean(project(from.positives(), into.direction())) - neutralMean) / into.lift()));
                }
            }
        }
        return overlaps;
    }

    private static double[] project(final List<float[]> embeddings, final float[] direction) {
        return embeddings.stream().mapToDouble(e -> VectorMath.dot(e, direction)).toArray();
    }

    private static double mean(final double[] xs) {
        double sum = 0;
        for (final double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** Sample standard deviation (divisor n − 1). */
    private static double sampleDeviation(final double[] xs) {
        final double mean = mean(xs);
        double squares = 0;
        for (final double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (xs.length - 1));
    }
}
