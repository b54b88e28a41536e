package io.tidewatch.bench;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.CorpusTraffic.Pool;
import io.tidewatch.describe.Passage;
import io.tidewatch.detect.DetectionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The unexplained-shift detector against themes the catalog does not name, on the project's own
 * text: how soon a theme mixed into a share of a segment's replies is found, against the delay no
 * detector could beat even if it knew the theme's direction in advance.
 */
public final class ThemeBenchmark {

    /** Replies a minute, as in the scoring benchmark: 1,200 an hour. */
    public static final int PER_MINUTE = 20;

    private ThemeBenchmark() {
    }

    /** Two pools as one: the ordinary replies the benchmark draws from. */
    public static Pool union(final String name, final Pool a, final Pool b) {
        final List<String> texts = new ArrayList<>(a.texts());
        texts.addAll(b.texts());
        final List<ReplyScorer.Scored> scored = new ArrayList<>(a.scored());
        scored.addAll(b.scored());
        final List<int[]> terms = new ArrayList<>(a.terms());
        terms.addAll(b.terms());
        final List<List<Passage>> passages = new ArrayList<>(a.passages());
        passages.addAll(b.passages());
        final List<Map<String, Double>> prompts = new ArrayList<>(a.prompts());
        prompts.addAll(b.prompts());
        return new Pool(name, List.copyOf(texts), List.copyOf(scored), List.copyOf(terms), List.copyOf(passages), List.copyOf(prompts));
    }

    /**
     * Lorden's bound, in hours of traffic, for a detector that knows the direction: a share
     * {@code share} of replies from {@code theme} moves the mean embedding by δ = share·(ē_theme −
     * ē_ordinary); along δ the ordinary replies spread by σ; no detector with the in-control run
     * length {@code arl0Buckets} finds the move sooner than 2σ²·ln(ARL₀)/|δ|² replies on average.
     */
    public static double boundHours(final Pool ordinary, final Pool theme, final double share, final DetectionSettings settings) {
        final double[] base = mean(ordinary);
        final double[] delta = mean(theme);
        double length = 0;
        for (int j = 0; j < delta.length; j++) {
            delta[j] = share * (delta[j] - base[j]);
            length += delta[j] * delta[j];
        }
        final double norm = Math.sqrt(length);
        double sum = 0;
        double squares = 0;
        for (final ReplyScorer.Scored s : ordinary.scored()) {
            double p = 0;
            for (int j = 0; j < delta.length; j++) {
                p += s.embedding()[j] * delta[j] / norm;
            }
            sum += p;
            squares += p * p;
        }
        final int n = ordinary.scored().size();
        final double variance = (squares - sum * sum / n) / (n - 1);
        final double replies = 2 * variance * Math.log(settings.arl0Buckets()) / length;
        return replies / (PER_MINUTE * 60.0);
    }

    private static double[] mean(final Pool pool) {
        final double[] sum = new double[pool.scored().get(0).embedding().length];
        for (final ReplyScorer.Scored s : pool.scored()) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += s.embedding()[j];
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= pool.scored().size();
        }
        return sum;
    }
}
