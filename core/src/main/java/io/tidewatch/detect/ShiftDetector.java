package io.tidewatch.detect;

import io.tidewatch.describe.KeyTerms;
import io.tidewatch.describe.Passage;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.describe.TermGroups;
import io.tidewatch.describe.Terms;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.SegmentState.BucketSums;
import io.tidewatch.detect.SegmentState.ShiftTrack;
import io.tidewatch.detect.SegmentState.ShiftVerification;
import io.tidewatch.detect.SegmentState.ShiftWindow;
import io.tidewatch.stats.Distributions;
import io.tidewatch.stats.EmbeddingSums;
import io.tidewatch.stats.Hashing;
import io.tidewatch.stats.ShiftReference;
import io.tidewatch.stats.ShiftTest;
import io.tidewatch.stats.TermSketch;
import io.tidewatch.stats.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The unexplained-shift detector of a segment. The mean embedding of the latest 1, 2, 4, 8 and 16
 * windows, each minus the reference mean embedding, is a direction the traffic moved in; the
 * {@link ShiftTest} judges its squared length in the whole embedding against the reference's
 * noise, whatever the direction. Longer horizons let a faint shift accumulate evidence over many
 * windows, as the CUSUM bank does for a concept; shorter ones find a sudden one quickly. A
 * finding names the known concepts that explain a part of the shift worth naming (cosine with
 * their direction), how much all of them explain together, the replies that project most on the
 * shift, the library themes nearest to it, the terms its replies use more than the reference did
 * ({@link KeyTerms}), and whether the shift found when the episode opened held on the replies that
 * came after.
 */
final class ShiftDetector {

    /** Least share of the shift's squared length a concept must explain to be named: the rule themes are named by. */
    static final double EXPLAINS = ThemeLibrary.EXPLAINS;
    /** Horizons judged at each window's end, in windows: dyadic, so a shift of any duration up to the longest is judged within a factor of two of it. */
    static final List<Integer> HORIZONS = List.of(1, 2, 4, 8, 16);
    /** z a later replies' projection must reach for the shift to count as confirmed: one-sided p ≈ 0.001. */
    static final double CONFIRMS = 3.0;

    /** Library themes named on a finding, at most. */
    static final int THEMES = 3;
    /**
     * Replies kept per bucket and window as the shift's candidates: their text is what its key
     * terms are named from; the finding shows the first of them as exemplars.
     */
    static final int CANDIDATES = 24;
    /** Exemplars shown per sub-theme. */
    static final int SUB_THEME_EXEMPLARS = 2;

    private final DetectionSettings settings;
    private final Supplier<Map<String, float[]>> conceptDirections;
    private final ThemeLibrary themes;

    /** @param themes the library that names shifts, or null to name none */
    ShiftDetector(final DetectionSettings settings, final Supplier<Map<String, float[]>> conceptDirections, final ThemeLibrary themes) {
        this.settings = settings;
        this.conceptDirections = conceptDirections;
        this.themes = themes;
    }

    /**
     * Once there is a shift direction, keeps a reply as an exemplar candidate of its bucket,
     * scored by its projection on the direction as it was when the bucket closed.
     */
    void exemplar(final ShiftTrack track, final BucketSums bucket, final ScoredReply reply) {
        // A reply of another embedding model (another length) has no projection on the direction; its bucket starts the new model's calibration.
        if (track != null && track.direction != null && track.direction.length == reply.embedding().length) {
            final float[] embedding = reply.embedding();
            final double score = Vectors.dot(Vectors.toDouble(embedding), track.direction) - Vectors.dot(track.reference.meanEmbedding(), track.direction);
            bucket.shiftTop = SegmentState.mergeTop(bucket.shiftTop,
                    List.of(new ReplyExemplar(reply.conversationId(), reply.turn(), reply.excerpt(), score, null, reply.passages())),
                    CANDIDATES, SegmentState.BY_SCORE);
        }
    }

    /**
     * Adds a closed bucket to the current window (and to the check of an open episode); judges the
     * horizons once the bucket completes a window.
     *
     * @return the standardised size ({@link ShiftTest#standardizedSize}) of the most significant
     *         horizon of the last window this judged, or null if none
     */
    Double detect(final ShiftTrack track, final long start, final long end, final BucketSums bucket, final Emitter emitter) {
        final long length = settings.shiftWindow().toMillis();
        Double judged = null;
        if (track.window != null && start >= track.window.start + length) {
            judged = judge(track, track.window.start + length, emitter);
        }
        verify(track.verification, track.reference, start, bucket.embedding);
        if (track.window == null) {
            track.window = new ShiftWindow(Math.floorDiv(start, length) * length, bucket.embedding.dimension());
        }
        final ShiftWindow window = track.window;
        window.sums.merge(bucket.embedding);
        window.sumSquaredCounts += (double) bucket.embedding.count * bucket.embedding.count;
        window.exemplars = SegmentState.mergeTop(window.exemplars, bucket.shiftTop, CANDIDATES, SegmentState.BY_SCORE);
        if (bucket.terms != null) {
            window.terms.merge(bucket.terms);
        }
        track.direction = direction(track);
        if (end >= window.start + length) {
            judged = judge(track, end, emitter);
        }
        return judged;
    }

    /** Chance of a false alarm each window may spend: a window's share of the stream's in-control run length. */
    double windowAlarmProbability() {
        return settings.shiftWindow().toMillis() / (double) settings.bucket().toMillis() / settings.arl0Buckets();
    }

    private double judge(final ShiftTrack track, final long eventTime, final Emitter emitter) {
        final ShiftReference reference = track.reference;
        final List<ShiftWindow> windows = new ArrayList<>(track.recent);
        windows.add(track.window);
        Horizon best = null;
        for (final int horizon : HORIZONS) {
            if (horizon <= windows.size()) {
                final Horizon candidate = Horizon.of(reference, windows.subList(windows.size() - horizon, windows.size()), CANDIDATES);
                if (best == null || candidate.test.pValue() < best.test.pValue()) {
                    best = candidate;
                }
            }
        }
        // Bonferroni across horizons: each may spend its share of the window's false-alarm chance.
        final double adjusted = Math.min(1.0, best.test.pValue() * HORIZONS.size());
        final double statistic = Distributions.normalUpperQuantile(Math.min(Math.max(adjusted, Double.MIN_NORMAL), 1.0 - 1e-16));
        final double threshold = Distributions.normalUpperQuantile(windowAlarmProbability());
        final double[] shift = reference.shift(best.sums);
        final double length = Vectors.norm(shift);
        final Map<String, double[]> directions = directions(shift.length);
        final Map<String, String> details = new LinkedHashMap<>();
        details.put("horizon", settings.shiftWindow().multipliedBy(best.windows).toString().substring(2).toLowerCase(Locale.ROOT));
        details.put("p_value", String.format(Locale.ROOT, "%.3g", best.test.pValue()));
        details.put("degrees_of_freedom", String.format(Locale.ROOT, "%.1f", best.test.degrees()));
        details.put("explained_share", String.format(Locale.ROOT, "%.3f", explainedShare(shift, directions)));
        final ShiftVerification verification = track.verification;
        final List<TermContrast> terms = track.referenceTerms == null ? List.of() : KeyTerms.of(texts(best.exemplars), best.terms,
                track.referenceTerms);
        final List<Shown> shown = showAll(best.exemplars, terms);
        final ShiftNaming naming = new ShiftNaming(themes == null || length == 0 ? List.of() : themes.nearest(shift, THEMES), terms,
                verification != null && verification.buckets > 1 ? verdict(verification, reference) : null, subThemes(shown, terms));
        final Finding finding = new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null, statistic, threshold, best.start,
                length, 0.0, length / reference.perReplySpread(), best.sums.count,
                shown(shown, settings.exemplars()), explanations(shift, directions), details,
                naming);
        final boolean wasOpen = track.episode != null;
        track.episode = emitter.step(track.episode, finding, eventTime);
        if (track.episode == null) {
            track.verification = null;
        } else if (!wasOpen) {
            track.verification = new ShiftVerification(Vectors.scaled(shift, 1.0 / length), eventTime);
        } else if (naming.verification() != null) {
            // A first verdict, or one that changed, is news for subscribers; if this step sent no event, an UPDATE carries it.
            final boolean confirmed = naming.verification().startsWith("confirmed");
            if (!Boolean.valueOf(confirmed).equals(verification.reported) && track.episode.lastUpdate() != eventTime) {
                track.episode = emitter.news(track.episode, finding, eventTime);
            }
            verification.reported = confirmed;
        }
        track.recent.add(track.window);
        while (track.recent.size() >= HORIZONS.get(HORIZONS.size() - 1)) {
            track.recent.remove(0);
        }
        track.window = null;
        track.direction = direction(track);
        return best.test.standardizedSize();
    }

    /** The merged sums of the latest windows and their test. */
    private record Horizon(int windows, long start, EmbeddingSums sums, List<ReplyExemplar> exemplars, TermSketch terms, ShiftTest test) {

        static Horizon of(final ShiftReference reference, final List<ShiftWindow> windows, final int keep) {
            final EmbeddingSums sums = EmbeddingSums.empty(reference.meanEmbedding().length);
            double sumSquaredCounts = 0;
            List<ReplyExemplar> exemplars = List.of();
            final TermSketch terms = new TermSketch();
            for (final ShiftWindow window : windows) {
                sums.merge(window.sums);
                sumSquaredCounts += window.sumSquaredCounts;
                exemplars = SegmentState.mergeTop(exemplars, window.exemplars, keep, SegmentState.BY_SCORE);
                terms.merge(window.terms);
            }
            return new Horizon(windows.size(), windows.get(0).start, sums, exemplars, terms, reference.test(sums, sumSquaredCounts));
        }
    }

    /** The text the candidates carry, each piece once: their starts and their passages, which key terms are named from. */
    private static Set<String> texts(final List<ReplyExemplar> replies) {
        final Set<String> texts = new LinkedHashSet<>();
        for (final ReplyExemplar reply : replies) {
            if (reply.excerpt() != null) {
                texts.add(reply.excerpt());
            }
            reply.passages().forEach(passage -> texts.add(passage.excerpt()));
        }
        return texts;
    }

    /** A candidate as an alert would show it, and the key terms its shown sentence holds (none when shown by its start). */
    record Shown(ReplyExemplar exemplar, Set<String> keyTerms) {
    }

    /**
     * Every candidate shown by the passage whose sentence holds most of the key terms (by the sum
     * of their z), or by the start of the reply when no sentence holds one (the shift's direction
     * was unknown when the reply was scored, so its terms are what points at the sentence); the
     * candidates whose passage holds a key term first, each group in the candidates' order (by
     * projection). A candidate that projects far on the shift by chance holds none of its terms,
     * and is not what a reader should see first.
     */
    static List<Shown> showAll(final List<ReplyExemplar> candidates, final List<TermContrast> terms) {
        final Map<String, Double> weights = new HashMap<>();
        terms.forEach(term -> weights.put(term.term(), term.z()));
        final List<Shown> holding = new ArrayList<>();
        final List<Shown> rest = new ArrayList<>();
        for (final ReplyExemplar exemplar : candidates) {
            Passage best = null;
            Set<String> bestTerms = Set.of();
            double bestWeight = 0;
            for (final Passage passage : exemplar.passages()) {
                final Set<String> held = new LinkedHashSet<>();
                double weight = 0;
                for (final String term : new LinkedHashSet<>(Terms.of(passage.sentence()))) {
                    final Double z = weights.get(term);
                    if (z != null) {
                        held.add(term);
                        weight += z;
                    }
                }
                if (weight > bestWeight) {
                    best = passage;
                    bestTerms = held;
                    bestWeight = weight;
                }
            }
            if (best == null) {
                rest.add(new Shown(new ReplyExemplar(exemplar.conversationId(), exemplar.turn(), exemplar.excerpt(), exemplar.score()), Set.of()));
            } else {
                holding.add(new Shown(exemplar.showing(best), bestTerms));
            }
        }
        holding.addAll(rest);
        return holding;
    }

    /** The exemplars an alert shows: the first {@code limit} of the candidates as {@link #showAll} shows them, each text once. */
    static List<ReplyExemplar> shown(final List<Shown> shown, final int limit) {
        return distinct(shown.stream().map(Shown::exemplar).toList(), limit);
    }

    /** The first {@code limit} of {@code exemplars}, each text once. */
    private static List<ReplyExemplar> distinct(final List<ReplyExemplar> exemplars, final int limit) {
        final List<ReplyExemplar> kept = new ArrayList<>(limit);
        final Set<String> texts = new HashSet<>();
        for (int i = 0; i < exemplars.size() && kept.size() < limit; i++) {
            final ReplyExemplar one = exemplars.get(i);
            if (one.excerpt() == null || texts.add(one.excerpt())) {
                kept.add(one);
            }
        }
        return kept;
    }

    /**
     * The shift's sub-themes: its key terms split into groups that never share a shown sentence
     * ({@link TermGroups}), each with the share of the candidates holding a key term that it
     * holds, and its first exemplars; empty when the terms form one group.
     */
    static List<SubTheme> subThemes(final List<Shown> shown, final List<TermContrast> terms) {
        final List<Shown> holding = shown.stream().filter(s -> !s.keyTerms().isEmpty()).toList();
        final List<TermGroups.Group> groups = TermGroups.of(terms.stream().map(TermContrast::term).toList(),
                holding.stream().map(Shown::keyTerms).toList());
        final List<SubTheme> subThemes = new ArrayList<>(groups.size());
        for (final TermGroups.Group group : groups) {
            final List<ReplyExemplar> members = group.replies().stream().map(i -> holding.get(i).exemplar()).toList();
            subThemes.add(new SubTheme(group.terms(), (double) members.size() / holding.size(), distinct(members, SUB_THEME_EXEMPLARS)));
        }
        return subThemes;
    }

    /** Adds a bucket that closed after the episode opened to the check of its direction. */
    private static void verify(final ShiftVerification verification, final ShiftReference reference, final long start, final EmbeddingSums bucket) {
        if (verification == null || start < verification.since || bucket.count == 0) {
            return;
        }
        final double n = bucket.count;
        final double p = Vectors.dot(bucket.mean(), verification.direction) - Vectors.dot(reference.meanEmbedding(), verification.direction);
        verification.buckets++;
        verification.replies += bucket.count;
        verification.sumProjections += p;
        verification.sumProjectionSquares += p * p;
        verification.sumWeighted += n * p;
        verification.sumWeightSquares += n * n;
        verification.sumWeightSquaredProjections += n * n * p;
        verification.sumWeightSquaredProjectionSquares += n * n * p * p;
    }

    /**
     * Whether the replies after the episode opened still project on its direction: the mean
     * projection E, with a variance from the spread of the buckets' projections (each bucket one
     * cluster, so topic mix and heavy conversations count as they occur), plus the reference
     * mean's own error along the direction.
     */
    static String verdict(final ShiftVerification v, final ShiftReference reference) {
        final double b = v.buckets;
        final double effect = v.sumWeighted / v.replies;
        // Cluster-robust: Σn²(p − E)² = Σn²p² − 2E·Σn²p + E²·Σn², over (Σn)², times B/(B − 1).
        final double spread = v.sumWeightSquaredProjectionSquares - 2 * effect * v.sumWeightSquaredProjections
                + effect * effect * v.sumWeightSquares;
        final double clusterVariance = b / (b - 1) * Math.max(0.0, spread) / ((double) v.replies * v.replies);
        final double bucketVariance = Math.max(0.0, (v.sumProjectionSquares - v.sumProjections * v.sumProjections / b) / (b - 1));
        final double variance = clusterVariance + bucketVariance * reference.squaredCountShare();
        final double z = variance > 0 ? effect / Math.sqrt(variance) : 0.0;
        final String measured = String.format(Locale.ROOT, "on %d later replies: effect %.4f along the shift (z = %.1f)", v.replies, effect, z);
        return (z >= CONFIRMS ? "confirmed " : "not confirmed ") + measured;
    }

    /**
     * The unit directions of the concepts known now that fit embeddings of {@code dimension},
     * sorted by concept id so that explanations and their rounding do not depend on map order.
     */
    private Map<String, double[]> directions(final int dimension) {
        final Map<String, double[]> directions = new TreeMap<>();
        conceptDirections.get().forEach((concept, direction) -> {
            if (direction.length == dimension) {
                final double[] unit = Vectors.toDouble(direction);
                final double norm = Vectors.norm(unit);
                if (norm > 0) {
                    directions.put(concept, Vectors.scaled(unit, 1.0 / norm));
                }
            }
        });
        return directions;
    }

    /** Unit direction of the shift over the retained windows and the current window so far; null if none. */
    private static double[] direction(final ShiftTrack track) {
        final double[] sum = new double[track.reference.meanEmbedding().length];
        final List<ShiftWindow> windows = new ArrayList<>(track.recent);
        if (track.window != null) {
            windows.add(track.window);
        }
        for (final ShiftWindow window : windows) {
            // Σ(e − ē_R) over a window = Σe − n·ē_R.
            Vectors.addTo(sum, window.sums.sum, 1.0);
            Vectors.addTo(sum, track.reference.meanEmbedding(), -window.sums.count);
        }
        final double norm = Vectors.norm(sum);
        return norm > 0 ? Vectors.scaled(sum, 1.0 / norm) : null;
    }

    /**
     * Cosine of the shift with each concept direction that explains at least {@link #EXPLAINS} of
     * it, largest magnitude first.
     */
    private static List<Explanation> explanations(final double[] shift, final Map<String, double[]> directions) {
        final double norm = Vectors.norm(shift);
        final List<Explanation> explanations = new ArrayList<>();
        if (norm > 0) {
            directions.forEach((concept, direction) -> {
                final double cosine = Vectors.dot(shift, direction) / norm;
                if (cosine * cosine >= EXPLAINS) {
                    explanations.add(new Explanation(concept, cosine));
                }
            });
        }
        explanations.sort(Comparator.comparingDouble((Explanation e) -> -Math.abs(e.cosine())).thenComparing(Explanation::concept));
        return explanations;
    }

    /** Share of the shift's squared length that lies in the span of the concept directions. */
    private static double explainedShare(final double[] shift, final Map<String, double[]> directions) {
        final double total = Vectors.dot(shift, shift);
        if (total == 0) {
            return 0.0;
        }
        // Gram–Schmidt: project onto an orthonormal basis of the concept directions.
        final List<double[]> basis = new ArrayList<>();
        double explained = 0;
        for (final double[] direction : directions.values()) {
            final double[] residual = direction.clone();
            for (final double[] unit : basis) {
                Vectors.addTo(residual, unit, -Vectors.dot(residual, unit));
            }
            final double norm = Vectors.norm(residual);
            if (norm > 1e-9) {
                final double[] unit = Vectors.scaled(residual, 1.0 / norm);
                basis.add(unit);
                final double projection = Vectors.dot(shift, unit);
                explained += projection * projection;
            }
        }
        return explained / total;
    }

    /**
     * Which half of its bucket a reply belongs to, by a hash of its identity, so that the split is
     * the same whatever order replies arrive in.
     */
    static boolean halfA(final ScoredReply reply) {
        return Hashing.firstHalf(31 * reply.conversationId().hashCode() + reply.turn());
    }
}
