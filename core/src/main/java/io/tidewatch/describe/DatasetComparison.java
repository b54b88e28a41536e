package io.tidewatch.describe;

import io.tidewatch.embed.Embedder;
import io.tidewatch.stats.Hashing;
import io.tidewatch.stats.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Whether a candidate set of replies (a fine-tuning set, a day of traffic) differs from a
 * reference set beyond chance, in which direction, what that direction is about, and which
 * candidate replies carry it most: "is this dataset poisoned, and where is the poison?", asked
 * without knowing the target in advance.
 *
 * <p>The statistic is the squared length of the difference of the two mean embeddings, in the
 * whole embedding; its null distribution comes from permuting conversations between the sets,
 * so nothing is assumed about the embeddings' distribution, and a conversation of hundreds of
 * replies weighs as one unit of evidence. The direction is then described ({@link
 * ShiftDescription}) and checked on conversations it was not built from.
 */
public final class DatasetComparison {

    /** Fewest texts a term must appear in to be tested for over-representation. */
    private static final int MIN_TERM_DOCS = 5;
    /** Terms shown per description, and per sub-theme. */
    private static final int TERMS = 15;
    private static final int SUB_THEME_TERMS = 8;
    private static final int SENTENCES = 5;
    /** Carrying replies whose sentences are embedded to find the key sentences: the cost is bounded, not the dataset's. */
    private static final int SENTENCE_SOURCES = 40;
    /** A term's z must reach this to be shown: among thousands of terms a few pass 2 by chance (see {@link FightinWords}). */
    private static final double TERM_Z = 3.0;

    private DatasetComparison() {
    }

    /**
     * How to compare.
     *
     * @param permutations   conversation permutations for the p-value (its resolution is 1/(permutations + 1))
     * @param seed           seed of the permutations, so that a run is reproducible
     * @param top            candidate replies listed as carrying the shift most
     * @param focusQuantile  a candidate reply carries the shift when it projects on it beyond this quantile of the reference replies
     */
    public record Settings(int permutations, long seed, int top, double focusQuantile) {

        public Settings {
            if (permutations < 19) {
                throw new IllegalArgumentException("permutations must be at least 19 (a p-value of 0.05 needs them), got " + permutations);
            }
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1, got " + top);
            }
            if (!(focusQuantile > 0.5 && focusQuantile < 1.0)) {
                throw new IllegalArgumentException("focus quantile must be in (0.5, 1), got " + focusQuantile);
            }
        }

        public static Settings defaults() {
            return new Settings(999, 1L, 10, 0.95);
        }
    }

    /**
     * A candidate reply: its projection on the difference beyond the reference mean's, the z of the
     * standing-out terms it uses, and the rank they give together.
     */
    public record Ranked(String id, String conversation, double projection, double termEvidence, String text, double rank) {
    }

    /**
     * The comparison.
     *
     * @param statistic       |ē_candidate − ē_reference|², the embedding test's statistic
     * @param nullMean        mean of the statistic over the permutations
     * @param nullSd          its standard deviation over the permutations
     * @param embeddingPValue (1 + permutations at least as large)/(permutations + 1)
     * @param termMaxZ        the largest Fightin' Words z of a term in the candidate against the reference
     * @param termPValue      the same permutation p-value for it (see {@link LexicalTest})
     * @param pValue          the two tests together: twice the smaller p-value (Bonferroni), at most 1
     * @param standingOut     terms whose z passes the 95th percentile of the permutations' largest: over-represented beyond chance
     * @param carriers        candidate replies using a term that stands out beyond chance
     * @param ranked          the candidate replies that project most on the difference, most first
     */
    public record Result(int referenceReplies, int candidateReplies, int referenceConversations, int candidateConversations,
                         double statistic, double nullMean, double nullSd, double embeddingPValue, double termMaxZ, double termPValue,
                         double pValue, int permutations, double shiftLength, List<TermContrast> standingOut, int carriers, List<Ranked> ranked,
                         ShiftDescription description) {

        /** How many permutation standard deviations the statistic lies above their mean. */
        public double nullDeviations() {
            return nullSd > 0 ? (statistic - nullMean) / nullSd : 0.0;
        }
    }

    /** One conversation's replies and their embedding sum. */
    private static final class Conversation {
        final List<Example> examples = new ArrayList<>();
        final double[] sum;

        Conversation(final int dimension) {
            sum = new double[dimension];
        }

        void add(final Example example) {
            examples.add(example);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += example.embedding()[j];
            }
        }
    }

    /**
     * Compares {@code candidate} with {@code reference}.
     *
     * @param embedder embeds the sentences of the carrying replies (the replies' own embeddings are given)
     * @param themes   the theme library to name the shift with; null to skip
     * @param concepts unit directions of the monitored concepts, by id, named where they explain part of the shift
     * @throws IllegalArgumentException if a set has fewer than two conversations or embeddings differ in length
     */
    public static Result compare(final List<Example> reference, final List<Example> candidate, final Embedder embedder,
                                 final ThemeLibrary themes, final Map<String, float[]> concepts, final Settings settings) {
        final int dimension = dimension(reference, candidate);
        final List<Conversation> ref = conversations(reference, dimension, "reference");
        final List<Conversation> cand = conversations(candidate, dimension, "candidate");
        final double[] meanR = mean(ref, dimension);
        final double[] shift = Vectors.difference(mean(cand, dimension), meanR);
        final double statistic = Vectors.dot(shift, shift);
        final double[] nulls = permutations(ref, cand, dimension, settings);
        final long atLeast = Arrays.stream(nulls).filter(q -> q >= statistic).count();
        final double nullMean = Arrays.stream(nulls).average().orElse(0);
        final double nullSd = Math.sqrt(Arrays.stream(nulls).map(q -> (q - nullMean) * (q - nullMean)).sum() / (nulls.length - 1));
        final double embeddingP = (1.0 + atLeast) / (nulls.length + 1.0);

        final Words words = new Words(ref, cand);
        final LexicalTest.Outcome lexical = LexicalTest.run(words.docs, words.conversation, words.candidate, settings.permutations(),
                settings.seed(), words.prior, MIN_TERM_DOCS);
        final TermCounts background = TermCounts.of(reference.stream().map(Example::text).toList());
        final TermCounts all = TermCounts.of(candidate.stream().map(Example::text).toList());
        final List<TermContrast> significant = FightinWords.overRepresented(all, background, words.prior, MIN_TERM_DOCS, TERMS).stream()
                .filter(t -> t.z() >= Math.max(TERM_Z, lexical.significant())).toList();

        // Where terms stand out beyond chance, the replies using them show where the difference is. Each
        // carries as much evidence as the z of the standing-out terms it uses (a reply with "nuclear" and
        // "nuclear power" more than one with "power" alone); the direction from the reference mean to
        // their evidence-weighted mean is the one to rank, name and describe by.
        final Map<String, Double> evidence = new LinkedHashMap<>();
        candidate.forEach(e -> evidence.put(e.id(), termEvidence(e.text(), significant)));
        final double[] toCarriers = significant.isEmpty() ? shift : weightedShift(candidate, evidence, meanR);
        final double length = Vectors.norm(toCarriers);
        final double[] direction = length > 0 ? Vectors.scaled(toCarriers, 1.0 / length) : toCarriers;

        final double[] referenceProjections = reference.stream().mapToDouble(e -> projection(e.embedding(), direction, meanR)).sorted().toArray();
        final double cut = referenceProjections[(int) Math.min(referenceProjections.length - 1,
                Math.floor(settings.focusQuantile() * referenceProjections.length))];
        final double spread = standardDeviation(referenceProjections);
        // Ranked by term evidence plus the projection in reference spreads: a reply using the terms first,
        // then, among replies alike in words, the one further along the direction.
        final List<Ranked> ranked = candidate.stream()
                .map(e -> {
                    final double projection = projection(e.embedding(), direction, meanR);
                    return new Ranked(e.id(), e.conversation(), projection, evidence.get(e.id()), e.text(),
                            evidence.get(e.id()) + (spread > 0 ? projection / spread : 0.0));
                })
                .sorted(Comparator.comparingDouble(Ranked::rank).reversed().thenComparing(Ranked::id)).toList();
        final long carriers = evidence.values().stream().filter(v -> v > 0).count();
        final List<Ranked> beyond = ranked.stream().filter(r -> r.projection() > cut).toList();
        final List<Ranked> focus = beyond.size() >= settings.top() ? beyond : ranked.subList(0, Math.min(settings.top(), ranked.size()));

        final Map<String, Example> byId = new LinkedHashMap<>();
        candidate.forEach(e -> byId.put(e.id(), e));
        final ShiftDescription.Verification verification = significant.isEmpty()
                ? verify(ref, cand, dimension) : verifyTerms(words, lexical.significant());
        final ShiftDescription description = new ShiftDescription(terms(focus, background, TERMS),
                sentences(focus, embedder, direction, meanR), subThemes(focus, byId, meanR, background),
                themes == null || length == 0 ? List.of() : themes.nearest(toCarriers, 5), explaining(concepts, direction), verification);
        return new Result(reference.size(), candidate.size(), ref.size(), cand.size(), statistic, nullMean, nullSd, embeddingP,
                lexical.maxZ(), lexical.pValue(), Math.min(1.0, 2 * Math.min(embeddingP, lexical.pValue())), nulls.length, Math.sqrt(statistic),
                significant, (int) carriers, ranked.subList(0, Math.min(settings.top(), ranked.size())), description);
    }

    /** Each text's distinct terms, with its conversation (reference conversations first) and the prior the term statistics use. */
    private static final class Words {
        final List<Set<String>> docs = new ArrayList<>();
        final List<Integer> conversations = new ArrayList<>();
        final int[] conversation;
        final boolean[] candidate;
        final double prior;

        Words(final List<Conversation> ref, final List<Conversation> cand) {
            candidate = new boolean[ref.size() + cand.size()];
            int index = 0;
            for (final List<Conversation> set : List.of(ref, cand)) {
                for (final Conversation c : set) {
                    candidate[index] = set == cand;
                    for (final Example e : c.examples) {
                        docs.add(new HashSet<>(Terms.of(e.text())));
                        conversations.add(index);
                    }
                    index++;
                }
            }
            conversation = conversations.stream().mapToInt(Integer::intValue).toArray();
            // A sixth of the pooled counts gives a term new to the candidate close to its largest z (see FightinWords).
            prior = Math.max(1.0, docs.stream().mapToInt(Set::size).sum() / 6.0);
        }
    }

    /** Σ z of the standing-out terms a text uses; 0 for none. */
    private static double termEvidence(final String text, final List<TermContrast> terms) {
        if (terms.isEmpty()) {
            return 0.0;
        }
        final Set<String> own = new HashSet<>(Terms.of(text));
        return terms.stream().filter(t -> own.contains(t.term())).mapToDouble(TermContrast::z).sum();
    }

    /** Σ w·(e − ē_R) / Σ w over the candidate replies, w their term evidence. */
    private static double[] weightedShift(final List<Example> candidate, final Map<String, Double> evidence, final double[] origin) {
        final double[] sum = new double[origin.length];
        double weights = 0;
        for (final Example e : candidate) {
            final double w = evidence.get(e.id());
            if (w > 0) {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += w * (e.embedding()[j] - origin[j]);
                }
                weights += w;
            }
        }
        return Vectors.scaled(sum, 1.0 / weights);
    }

    private static double standardDeviation(final double[] values) {
        final double mean = Arrays.stream(values).average().orElse(0.0);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1));
    }

    /**
     * The terms found on the conversations of one half, checked on the other: do its candidate
     * texts use them more than its reference texts? A two-proportion z, pooled.
     */
    private static ShiftDescription.Verification verifyTerms(final Words words, final double significant) {
        final TermCounts buildCandidate = new TermCounts();
        final TermCounts buildReference = new TermCounts();
        final List<Integer> test = new ArrayList<>();
        for (int d = 0; d < words.docs.size(); d++) {
            final boolean build = isFirstHalf(Integer.toString(words.conversation[d]));
            if (build) {
                final TermCounts side = words.candidate[words.conversation[d]] ? buildCandidate : buildReference;
                side.addTerms(words.docs.get(d));
            } else {
                test.add(d);
            }
        }
        final Set<String> found = new HashSet<>();
        if (buildCandidate.texts() > 0 && buildReference.texts() > 0) {
            FightinWords.overRepresented(buildCandidate, buildReference, words.prior / 2, MIN_TERM_DOCS / 2 + 1, TERMS).stream()
                    .filter(t -> t.z() >= Math.max(TERM_Z, significant)).forEach(t -> found.add(t.term()));
        }
        double usingC = 0;
        double usingR = 0;
        double nC = 0;
        double nR = 0;
        for (final int d : test) {
            final boolean uses = words.docs.get(d).stream().anyMatch(found::contains);
            if (words.candidate[words.conversation[d]]) {
                nC++;
                usingC += uses ? 1 : 0;
            } else {
                nR++;
                usingR += uses ? 1 : 0;
            }
        }
        if (found.isEmpty() || nC == 0 || nR == 0) {
            return new ShiftDescription.Verification((long) (nC + nR), 0.0, 0.0);
        }
        final double pooled = (usingC + usingR) / (nC + nR);
        final double se = Math.sqrt(pooled * (1 - pooled) * (1 / nC + 1 / nR));
        final double effect = usingC / nC - usingR / nR;
        return new ShiftDescription.Verification((long) (nC + nR), effect, se > 0 ? effect / se : 0.0);
    }

    /** The concepts whose direction explains at least {@link ThemeLibrary#EXPLAINS} of the shift, the rule themes are named by. */
    private static List<ThemeMatch> explaining(final Map<String, float[]> concepts, final double[] direction) {
        final List<ThemeMatch> matches = new ArrayList<>();
        concepts.forEach((id, d) -> {
            if (d.length == direction.length) {
                final double[] unit = Vectors.toDouble(d);
                final double norm = Vectors.norm(unit);
                final double cosine = norm > 0 ? Vectors.dot(unit, direction) / norm : 0.0;
                if (cosine * cosine >= ThemeLibrary.EXPLAINS) {
                    matches.add(new ThemeMatch(id, "", cosine, cosine * cosine));
                }
            }
        });
        matches.sort(Comparator.comparingDouble(ThemeMatch::share).reversed().thenComparing(ThemeMatch::id));
        return matches;
    }

    private static int dimension(final List<Example> reference, final List<Example> candidate) {
        if (reference.isEmpty() || candidate.isEmpty()) {
            throw new IllegalArgumentException("both sets need replies: reference has " + reference.size() + ", candidate " + candidate.size());
        }
        final int dimension = reference.get(0).embedding().length;
        for (final List<Example> set : List.of(reference, candidate)) {
            for (final Example e : set) {
                if (e.embedding().length != dimension) {
                    throw new IllegalArgumentException("reply " + e.id() + " has an embedding of " + e.embedding().length
                            + " dimensions, the first reply one of " + dimension);
                }
            }
        }
        return dimension;
    }

    private static List<Conversation> conversations(final List<Example> examples, final int dimension, final String name) {
        final Map<String, Conversation> byId = new LinkedHashMap<>();
        examples.forEach(e -> byId.computeIfAbsent(e.conversation(), c -> new Conversation(dimension)).add(e));
        if (byId.size() < 2) {
            throw new IllegalArgumentException("the " + name + " set has " + byId.size()
                    + " conversation(s): a comparison needs at least two, since conversations are what it resamples");
        }
        return List.copyOf(byId.values());
    }

    private static double[] mean(final List<Conversation> conversations, final int dimension) {
        final double[] sum = new double[dimension];
        long count = 0;
        for (final Conversation c : conversations) {
            Vectors.addTo(sum, c.sum, 1.0);
            count += c.examples.size();
        }
        return Vectors.scaled(sum, 1.0 / count);
    }

    /** The statistic with conversations dealt anew between the sets, as many to each as before. */
    private static double[] permutations(final List<Conversation> ref, final List<Conversation> cand, final int dimension,
                                         final Settings settings) {
        final List<Conversation> all = new ArrayList<>(ref);
        all.addAll(cand);
        final double[] total = new double[dimension];
        long totalCount = 0;
        for (final Conversation c : all) {
            Vectors.addTo(total, c.sum, 1.0);
            totalCount += c.examples.size();
        }
        final SplittableRandom random = new SplittableRandom(settings.seed());
        final int[] order = new int[all.size()];
        final double[] nulls = new double[settings.permutations()];
        for (int p = 0; p < nulls.length; p++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // The first |cand| places of a partial Fisher–Yates shuffle are a uniform draw of them.
            final double[] sumC = new double[dimension];
            long countC = 0;
            for (int i = 0; i < cand.size(); i++) {
                final int j = i + random.nextInt(order.length - i);
                final int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
                final Conversation c = all.get(order[i]);
                Vectors.addTo(sumC, c.sum, 1.0);
                countC += c.examples.size();
            }
            final double[] sumR = Vectors.difference(total, sumC);
            final double[] d = Vectors.difference(Vectors.scaled(sumC, 1.0 / countC), Vectors.scaled(sumR, 1.0 / (totalCount - countC)));
            nulls[p] = Vectors.dot(d, d);
        }
        return nulls;
    }

    private static double projection(final float[] embedding, final double[] direction, final double[] origin) {
        double sum = 0;
        for (int j = 0; j < direction.length; j++) {
            sum += (embedding[j] - origin[j]) * direction[j];
        }
        return sum;
    }

    private static List<TermContrast> terms(final List<Ranked> focus, final TermCounts background, final int limit) {
        final TermCounts counts = TermCounts.of(focus.stream().map(Ranked::text).toList());
        // The prior's weight near a sixth of the pooled counts gives a planted term close to its best z (see FightinWords).
        final double prior = Math.max(1.0, (counts.total() + background.total()) / 6.0);
        return FightinWords.overRepresented(counts, background, prior, 2, limit).stream().filter(t -> t.z() >= TERM_Z).toList();
    }

    private static List<ShiftDescription.KeySentence> sentences(final List<Ranked> focus, final Embedder embedder, final double[] direction,
                                                                final double[] origin) {
        final List<String> sentences = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        final Set<String> seen = new LinkedHashSet<>();
        for (final Ranked r : focus.subList(0, Math.min(SENTENCE_SOURCES, focus.size()))) {
            for (final String sentence : Terms.sentences(r.text())) {
                if (!sentence.isBlank() && seen.add(sentence)) {
                    sentences.add(sentence);
                    sources.add(r.id());
                }
            }
        }
        if (sentences.isEmpty()) {
            return List.of();
        }
        final List<float[]> vectors = embedder.embed(sentences);
        final List<ShiftDescription.KeySentence> scored = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            scored.add(new ShiftDescription.KeySentence(sources.get(i), sentences.get(i), projection(vectors.get(i), direction, origin)));
        }
        scored.sort(Comparator.comparingDouble(ShiftDescription.KeySentence::projection).reversed());
        return List.copyOf(scored.subList(0, Math.min(SENTENCES, scored.size())));
    }

    /** The carrying replies in one group, or two when they split ({@link SubThemes}), each with its terms and top replies. */
    private static List<ShiftDescription.SubTheme> subThemes(final List<Ranked> focus, final Map<String, Example> byId,
                                                             final double[] origin, final TermCounts background) {
        final List<double[]> offsets = new ArrayList<>();
        for (final Ranked r : focus) {
            offsets.add(SubThemes.unitOffset(Vectors.toDouble(byId.get(r.id()).embedding()), origin));
        }
        final int[] group = SubThemes.split(offsets);
        final List<ShiftDescription.SubTheme> themes = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            final List<Ranked> members = new ArrayList<>();
            for (int i = 0; i < group.length; i++) {
                if (group[i] == g) {
                    members.add(focus.get(i));
                }
            }
            if (!members.isEmpty()) {
                themes.add(new ShiftDescription.SubTheme(members.size() / (double) focus.size(), terms(members, background, SUB_THEME_TERMS),
                        members.stream().limit(3).map(Ranked::id).toList()));
            }
        }
        themes.sort(Comparator.comparingDouble(ShiftDescription.SubTheme::share).reversed());
        return themes;
    }

    /**
     * The direction built from the conversations of one half (by a hash of their id), each reply
     * of the other half projected on it: candidate mean minus reference mean, with a standard
     * error that treats each conversation as one cluster.
     */
    static ShiftDescription.Verification verify(final List<Conversation> ref, final List<Conversation> cand, final int dimension) {
        final List<Conversation> refBuild = half(ref, true);
        final List<Conversation> candBuild = half(cand, true);
        final List<Conversation> refTest = half(ref, false);
        final List<Conversation> candTest = half(cand, false);
        if (refBuild.isEmpty() || candBuild.isEmpty() || refTest.size() < 2 || candTest.size() < 2) {
            return new ShiftDescription.Verification(0, 0.0, 0.0);
        }
        final double[] built = Vectors.difference(mean(candBuild, dimension), mean(refBuild, dimension));
        final double norm = Vectors.norm(built);
        if (norm == 0) {
            return new ShiftDescription.Verification(0, 0.0, 0.0);
        }
        final double[] direction = Vectors.scaled(built, 1.0 / norm);
        final double[] c = clusterMean(candTest, direction);
        final double[] r = clusterMean(refTest, direction);
        final double se = Math.sqrt(c[1] + r[1]);
        final long heldOut = candTest.stream().mapToLong(x -> x.examples.size()).sum() + refTest.stream().mapToLong(x -> x.examples.size()).sum();
        return new ShiftDescription.Verification(heldOut, c[0] - r[0], se > 0 ? (c[0] - r[0]) / se : 0.0);
    }

    /** Mean projection of the replies, and its cluster-robust variance: Σ(s_g − n_g·m)²/N² · G/(G − 1). */
    private static double[] clusterMean(final List<Conversation> conversations, final double[] direction) {
        double sum = 0;
        long count = 0;
        final double[] projections = new double[conversations.size()];
        for (int g = 0; g < projections.length; g++) {
            projections[g] = Vectors.dot(conversations.get(g).sum, direction);
            sum += projections[g];
            count += conversations.get(g).examples.size();
        }
        final double mean = sum / count;
        double squares = 0;
        for (int g = 0; g < projections.length; g++) {
            final double residual = projections[g] - conversations.get(g).examples.size() * mean;
            squares += residual * residual;
        }
        final double groups = projections.length;
        return new double[] {mean, squares / ((double) count * count) * groups / (groups - 1)};
    }

    private static List<Conversation> half(final List<Conversation> conversations, final boolean first) {
        final List<Conversation> half = new ArrayList<>();
        for (final Conversation c : conversations) {
            if (isFirstHalf(c.examples.get(0).conversation()) == first) {
                half.add(c);
            }
        }
        return half;
    }

    /** Which half a conversation belongs to, by a hash of its id, whatever the order of the input. */
    private static boolean isFirstHalf(final String conversation) {
        return Hashing.firstHalf(conversation.hashCode());
    }
}
