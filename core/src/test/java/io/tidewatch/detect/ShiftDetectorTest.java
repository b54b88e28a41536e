package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.T0;
import static io.tidewatch.detect.MonitorDriver.opens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.describe.KeyTerms;
import io.tidewatch.describe.Passage;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.describe.Terms;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.describe.ThemeMatch;
import io.tidewatch.embed.Embedder;
import io.tidewatch.stats.ShiftReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ShiftDetectorTest {

    private static final int DIMENSION = 8;
    /** A theme no concept is configured for lies mostly, but not only, along coordinate 0. */
    private static final float[] THEME = {0.9f, 0.3f, 0f, 0f, 0f, 0f, 0f, 0.3f};
    private static final float[] CLOSE_TO_THEME = {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
    private static final float[] UNRELATED = {0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f};
    /** A theme in the span of the two concepts, along neither: each explains part of it, together all. */
    private static final float[] IN_SPAN = {0.6f, 0f, 0f, 0.8f, 0f, 0f, 0f, 0f};
    /** A theme in no concept's span: orthogonal to both directions. */
    private static final float[] ORTHOGONAL = {0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f};
    /** The traffic's mean embedding: 0.3/(1 + j) on coordinate j. */
    private static final float[] CENTRE = {0.3f, 0.15f, 0.1f, 0.075f, 0.06f, 0.05f, 0.3f / 7, 0.0375f};
    private static final Map<String, float[]> CONCEPTS = Map.of("close-to-theme", CLOSE_TO_THEME, "unrelated", UNRELATED);
    /**
     * Variance of each coordinate of a window's mean embedding minus the reference's, from the
     * per-reply noise 0.2: 0.2² × (1/2400 + 1/2400) for a 60-minute window and a 60-minute reference of
     * 40 replies a minute. The shift's noise is isotropic, so its share in a k-dimensional span is
     * that of σ²·χ²ₖ.
     */
    private static final double SHIFT_NOISE_VARIANCE = 0.04 * (1.0 / 2400 + 1.0 / 2400);

    /** What ordinary replies say, one sentence each, as often in the reference as later. */
    private static final List<String> PLAIN = List.of(
            "Restart the router and check that the cable is seated.",
            "A list comprehension builds the whole list in one line.",
            "Soak the beans overnight so they cook evenly.",
            "Stretch your calves gently before a long run.",
            "The invoice total includes tax and shipping.");
    /** What the replies carrying the theme add. */
    private static final String THEME_SENTENCE = "I keep such notes in Quillory, a handy app.";

    /** What the replies carrying the second theme add, along {@link #ORTHOGONAL}: a sentence sharing no word with the first. */
    private static final String SECOND_SENTENCE = "Physical gold bullion keeps its value when markets fall.";

    /** A theme: the direction its replies move along, and the sentence they add. */
    private record Theme(float[] direction, String sentence) {
    }

    /** Minutes of 40 replies, a share of them carrying the theme; returns the alerts. */
    private static List<Alert> traffic(final SegmentMonitor monitor, final SegmentState state, final SplittableRandom random,
                                       final int fromMinute, final int minutes, final double themeShare) {
        return traffic(monitor, state, random, fromMinute, minutes, themeShare, THEME);
    }

    private static List<Alert> traffic(final SegmentMonitor monitor, final SegmentState state, final SplittableRandom random,
                                       final int fromMinute, final int minutes, final double themeShare, final float[] theme) {
        return traffic(monitor, state, random, fromMinute, minutes, themeShare, List.of(new Theme(theme, THEME_SENTENCE)));
    }

    /** Minutes of 40 replies, each theme carried by {@code themeShare} of them (one draw per reply picks at most one theme). */
    private static List<Alert> traffic(final SegmentMonitor monitor, final SegmentState state, final SplittableRandom random,
                                       final int fromMinute, final int minutes, final double themeShare, final List<Theme> themes) {
        final List<Alert> alerts = new ArrayList<>();
        for (int minute = fromMinute; minute < fromMinute + minutes; minute++) {
            for (int i = 0; i < 40; i++) {
                final int drawn = (int) Math.floor(random.nextDouble() / themeShare);
                final Theme carried = drawn < themes.size() ? themes.get(drawn) : null;
                final float[] e = new float[DIMENSION];
                for (int j = 0; j < DIMENSION; j++) {
                    e[j] = (float) ((carried != null ? 0.5 * carried.direction()[j] : 0.0) + 0.3 / (1 + j) + 0.2 * random.nextGaussian());
                }
                final String id = (carried != null ? "theme-" + drawn + "-" : "plain-") + minute + "-" + i;
                final String plain = PLAIN.get(random.nextInt(PLAIN.size()));
                final String text = plain + (carried != null ? " " + carried.sentence() : "");
                // The reply's start stops before the theme, as an excerpt cap would cut a longer reply; only a passage holds it.
                final List<Passage> passages = carried != null
                        ? List.of(new Passage(text, plain, List.of("tone")), new Passage(text, carried.sentence(), List.of()))
                        : List.of(new Passage(text, plain, List.of("tone")));
                // Each reply's start is its own (a reply's first 280 characters rarely repeat), so that candidates are not kept once per start.
                alerts.addAll(monitor.accept(state, new ScoredReply(id, 0, T0 + minute * MINUTE + i * 1000L, Map.of(), plain + " [" + id + "]", e,
                        Map.of(), Terms.hashes(text), passages)).alerts());
            }
        }
        return alerts;
    }

    @Test
    void aThemeMixedIntoTheTrafficOpensAnUnexplainedShiftThatPointsAtItsReplies() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(21);
        assertThat(traffic(monitor, state, random, 0, 180, 0.0)).isEmpty();
        final List<Alert> alerts = traffic(monitor, state, random, 180, 180, 0.15);

        final Alert open = opens(alerts, SegmentMonitor.UNEXPLAINED_SHIFT).get(0);
        final Finding f = open.finding();
        assertThat(f.concept()).isNull();
        assertThat(f.statistic()).isGreaterThan(f.threshold());
        assertThat(f.windowStart() % (60 * MINUTE)).isZero();
        // "unrelated" is orthogonal to the theme: naming it would explain nothing.
        assertThat(f.explainedBy()).extracting(Explanation::concept).containsExactly("close-to-theme");
        assertThat(f.explainedBy().get(0).cosine()).isGreaterThan(0.5);
        // The shift is 0.5 × 0.15 × THEME plus isotropic noise: the concepts span coordinates 0 and 3, so the
        // noise-free share is 0.81/0.99 = 0.818 and with noise E ≈ (s₀² + s₃² + 2σ²)/(|s|² + 8σ²) = 0.792. To first
        // order its standard deviation is 2σ·|Ps − share·s|/|s|² = 0.060 (P the projection on the span); 3 of them.
        assertThat(explainedShare(f)).isCloseTo(0.792, within(3 * 0.060));
        assertThat(f.exemplars()).hasSize(3).extracting(ReplyExemplar::conversationId).allSatisfy(id -> assertThat(id).startsWith("theme-"));
    }

    @Test
    void aShiftIsExplainedByTheConceptsKnownWhenItIsJudgedNotThoseKnownAtStart() {
        final AtomicReference<Map<String, float[]>> catalog = new AtomicReference<>(Map.of("unrelated", CONCEPTS.get("unrelated")));
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), catalog::get);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(21);
        assertThat(traffic(monitor, state, random, 0, 180, 0.0)).isEmpty();
        // Published while the segment runs, as `concepts publish` does.
        catalog.set(Map.of("unrelated", CONCEPTS.get("unrelated"), "published-later", CONCEPTS.get("close-to-theme")));

        final Finding f = opens(traffic(monitor, state, random, 180, 180, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
        assertThat(f.explainedBy()).extracting(Explanation::concept).containsExactly("published-later");
    }

    @Test
    void aShiftInTheSpanOfTheConceptDirectionsIsExplainedAlmostWholly() {
        // The window's shift is c·(0.6e₀ + 0.8e₃) plus noise, c = 0.5 × 0.3 (at least 0.131 at 4 standard errors of the share
        // of theme replies, √(0.3 × 0.7 / 2400)); the unexplained part is the noise in the 6 other coordinates,
        // so 1 − share ≈ σ²·χ²₆/c², whose mean is 0.009 and which passes 27.86·σ²/0.131² = 0.054 with probability 1e-4.
        assertThat(1.0 - explainedShare(firstShiftOpen(IN_SPAN, 23))).isLessThan(27.86 * SHIFT_NOISE_VARIANCE / (0.131 * 0.131));
    }

    @Test
    void aShiftOrthogonalToEveryConceptIsHardlyExplained() {
        // The explained part is the noise along the 2 concept directions: share ≈ σ²·χ²₂/c², whose mean is 0.003
        // and which passes 18.42·σ²/0.131² = 0.036 with probability 1e-4.
        assertThat(explainedShare(firstShiftOpen(ORTHOGONAL, 24))).isLessThan(18.42 * SHIFT_NOISE_VARIANCE / (0.131 * 0.131));
    }

    /** The first unexplained-shift finding once 30% of the replies carry {@code theme} after an hour of reference and two calm hours. */
    private static Finding firstShiftOpen(final float[] theme, final long seed) {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(seed);
        assertThat(traffic(monitor, state, random, 0, 180, 0.0)).isEmpty();
        return opens(traffic(monitor, state, random, 180, 61, 0.3, theme), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
    }

    private static double explainedShare(final Finding finding) {
        return Double.parseDouble(finding.details().get("explained_share"));
    }

    @Test
    void aShiftIsNamedByTheNearestThemesOfTheLibrary() {
        // Texts starting with "t" embed along the theme, "u" along an unrelated axis, others at the traffic's centre.
        final Embedder fake = new Embedder() {
            @Override
            public String modelId() {
                return "fake";
            }

            @Override
            public int dimension() {
                return DIMENSION;
            }

            @Override
            public List<float[]> embed(final List<String> texts) {
                return texts.stream().map(t -> t.startsWith("t") ? THEME : t.startsWith("u") ? UNRELATED : CENTRE).toList();
            }

            @Override
            public void close() {
            }
        };
        final ThemeLibrary library = ThemeLibrary.compile(List.of(
                new ConceptSpec("promotion", "steers to a product", true, List.of("t reply"), List.of("n reply"), Map.of()),
                new ConceptSpec("elsewhere", "something else", true, List.of("u reply"), List.of("n reply"), Map.of())), fake);
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), () -> CONCEPTS, library);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(26);
        traffic(monitor, state, random, 0, 180, 0.0);
        final Alert open = opens(traffic(monitor, state, random, 180, 180, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT).get(0);
        // The shift is 0.075·THEME plus noise; the theme's direction (THEME − CENTRE, normalised) has a
        // cosine near 0.9 with it, the unrelated one a small negative one, so only the first is named.
        assertThat(open.finding().naming().themes()).extracting(ThemeMatch::id).containsExactly("promotion");
        assertThat(open.finding().naming().themes().get(0).share()).isGreaterThan(0.5);
    }

    @Test
    void aShiftIsDescribedByTheTermsItsRepliesUseMoreThanTheReferenceDid() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(27);
        traffic(monitor, state, random, 0, 180, 0.0);
        final Finding f = opens(traffic(monitor, state, random, 180, 180, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
        // Every reply says one of the plain sentences, equally often before and after: only the theme's words stand out.
        final List<TermContrast> terms = f.naming().terms();
        // A word every use of which sits in one phrase is shown as that phrase ("notes in quillory", not "quillory").
        assertThat(terms).extracting(TermContrast::term).isSubsetOf(Terms.of(THEME_SENTENCE)).anySatisfy(t -> assertThat(t).contains("quillory"));
        // 15% of the window's 2400 replies carry the theme; none of the reference's do (the sketch may add a few).
        assertThat(terms.get(0).focusCount()).isCloseTo(360, within(4 * 17L));
        assertThat(terms.get(0).backgroundCount()).isLessThan(5);
        assertThat(terms).allSatisfy(t -> assertThat(t.z()).isGreaterThanOrEqualTo(KeyTerms.MIN_Z));
        assertThat(f.exemplars()).as("shown: the settings' count of the candidates").hasSize(3);
        // The replies' starts never reach the theme: each exemplar is shown by the passage whose sentence holds the key terms.
        assertThat(f.exemplars()).allSatisfy(x -> {
            assertThat(x.sentence()).isEqualTo(THEME_SENTENCE);
            assertThat(x.excerpt()).endsWith(THEME_SENTENCE);
            assertThat(x.passages()).isEmpty();
        });
        assertThat(f.exemplars()).extracting(ReplyExemplar::excerpt).doesNotHaveDuplicates();
    }

    @Test
    void twoThemesAtOnceAreTwoSubThemesEachWithItsTermsAndExemplars() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(28);
        traffic(monitor, state, random, 0, 180, 0.0);
        final Finding f = opens(traffic(monitor, state, random, 180, 180, 0.1,
                List.of(new Theme(THEME, THEME_SENTENCE), new Theme(ORTHOGONAL, SECOND_SENTENCE))), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
        final List<SubTheme> parts = f.naming().subThemes();
        assertThat(parts).hasSize(2);
        // Each group's terms come from one sentence only, and each group's exemplars carry that sentence.
        final SubTheme quillory = parts.stream().filter(p -> p.terms().stream().anyMatch(t -> t.contains("quillory"))).findFirst().orElseThrow();
        final SubTheme gold = parts.stream().filter(p -> p.terms().stream().anyMatch(t -> t.contains("gold"))).findFirst().orElseThrow();
        assertThat(quillory.terms()).isSubsetOf(Terms.of(THEME_SENTENCE));
        assertThat(gold.terms()).isSubsetOf(Terms.of(SECOND_SENTENCE));
        assertThat(quillory.exemplars()).isNotEmpty().allSatisfy(x -> assertThat(x.sentence()).isEqualTo(THEME_SENTENCE));
        assertThat(gold.exemplars()).isNotEmpty().allSatisfy(x -> assertThat(x.sentence()).isEqualTo(SECOND_SENTENCE));
        assertThat(quillory.share() + gold.share()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void oneThemeIsNoSubThemes() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(27);
        traffic(monitor, state, random, 0, 180, 0.0);
        final Finding f = opens(traffic(monitor, state, random, 180, 180, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
        assertThat(f.naming().terms()).isNotEmpty();
        assertThat(f.naming().subThemes()).isEmpty();
    }

    @Test
    void exemplarsHoldingAKeyTermComeFirstAndOneWithoutIsShownByItsStart() {
        final ReplyExemplar candidate = new ReplyExemplar("a", 0, "The start.", 1.0, null,
                List.of(new Passage("The start. Then more.", "Then more.", List.of())));
        final List<TermContrast> terms = List.of(new TermContrast("quillory", 30, 0, 4.0, 5.0));
        assertThat(ShiftDetector.shown(ShiftDetector.showAll(List.of(candidate), terms), 3)).containsExactly(new ReplyExemplar("a", 0, "The start.", 1.0));
        final ReplyExemplar holding = new ReplyExemplar("b", 0, "Plain.", 0.5, null, List.of(
                new Passage("Plain. Try Quillory notes.", "Try Quillory notes.", List.of()),
                new Passage("Plain. Quillory and quillory notes.", "Plain.", List.of("tone"))));
        // A candidate whose passage holds a key term comes before one that projects further but holds none; copies show once.
        assertThat(ShiftDetector.shown(ShiftDetector.showAll(List.of(candidate, holding, holding), terms), 3)).containsExactly(
                new ReplyExemplar("b", 0, "Plain. Try Quillory notes.", 0.5, "Try Quillory notes.", List.of()),
                new ReplyExemplar("a", 0, "The start.", 1.0));
        assertThat(ShiftDetector.shown(ShiftDetector.showAll(List.of(candidate, holding), terms), 1)).extracting(ReplyExemplar::conversationId).containsExactly("b");
    }

    @Test
    void embeddingsOfAnotherLengthStartANewCalibrationInsteadOfFailing() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(28);
        traffic(monitor, state, random, 0, 180, 0.0);
        assertThat(opens(traffic(monitor, state, random, 180, 120, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT)).hasSize(1);
        // A new embedding model: 4 coordinates instead of 8, and in the first minute mixed with the old model's replies.
        final List<Alert> alerts = new ArrayList<>();
        for (int minute = 300; minute < 303; minute++) {
            for (int i = 0; i < 40; i++) {
                final float[] e = new float[minute == 300 && i % 2 == 0 ? DIMENSION : 4];
                e[0] = 1f;
                alerts.addAll(monitor.accept(state, new ScoredReply("r-" + minute + "-" + i, 0, T0 + minute * MINUTE + i * 1000L,
                        Map.of(), null, e)).alerts());
            }
        }
        assertThat(alerts).filteredOn(a -> a.event().state() == LifecycleState.RESOLVED).singleElement()
                .satisfies(a -> assertThat(a.finding().details()).containsEntry("resolved_by", SegmentMonitor.NEW_EMBEDDING));
        assertThat(state.shift.reference).as("calibrating anew").isNull();
        assertThat(state.shift.dimension()).isEqualTo(4);
    }

    @Test
    void aThemeTooFaintForOneWindowIsFoundByALongerHorizon() {
        final DetectionSettings base = MonitorDriver.settings(false);
        // A 4-hour reference: with the usual hour, the reference's own error would be as large as a window's.
        final DetectionSettings settings = new DetectionSettings(base.bucket(), base.grace(), Duration.ofHours(4), base.arl0Buckets(),
                base.shifts(), false, base.slowHorizon(), base.shiftWindow(), base.history(), base.lifecycle(), base.exemplars());
        final SegmentMonitor monitor = new SegmentMonitor(settings, CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(23);
        assertThat(traffic(monitor, state, random, 0, 240, 0.0)).isEmpty();
        // 3.5% of replies move by 0.5·THEME: a mean shift of 0.0175, squared 3.0·10⁻⁴. One window's Q has
        // null mean 8σ²(1/2400 + 1/9600) = 1.7·10⁻⁴ and standard deviation 8.3·10⁻⁵ (σ² = 0.04), so the
        // shift is under four of them, short of the threshold at this χ²'s heavy tail; eight windows have
        // three times less noise, and there the same shift stands out.
        final List<Alert> alerts = traffic(monitor, state, random, 240, 16 * 60, 0.035);
        final Alert open = opens(alerts, SegmentMonitor.UNEXPLAINED_SHIFT).get(0);
        assertThat(open.finding().details().get("horizon")).isNotEqualTo("1h");
        assertThat(open.finding().windowStart()).isLessThan(open.windowEnd() - 60 * MINUTE);
    }

    @Test
    void anOpenShiftIsCheckedOnTheRepliesThatComeAfterIt() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(24);
        traffic(monitor, state, random, 0, 180, 0.0);
        final List<Alert> alerts = traffic(monitor, state, random, 180, 180, 0.15);
        final Alert open = opens(alerts, SegmentMonitor.UNEXPLAINED_SHIFT).get(0);
        assertThat(open.finding().naming().verification()).as("nothing came after the opening yet").isNull();
        assertThat(open.finding().naming().themes()).as("no library given").isEmpty();
        final SegmentState.ShiftVerification check = state.shift.verification;
        assertThat(check.since).isEqualTo(open.windowEnd());
        // Every bucket after the opening one counts, up to the last one closed (minute 358).
        assertThat(check.buckets).isEqualTo((T0 + 359 * MINUTE - check.since) / MINUTE);
        assertThat(ShiftDetector.verdict(check, state.shift.reference)).startsWith("confirmed on " + check.buckets * 40 + " later replies");
        // The first verdict is news: an UPDATE one window after the opening carries it, whatever the severity did.
        final List<Alert> updates = alerts.stream().filter(a -> a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT)
                && a.event().state() == LifecycleState.UPDATE).toList();
        assertThat(updates).first().satisfies(u -> {
            assertThat(u.event().eventTime()).isEqualTo(open.windowEnd() + 60 * MINUTE);
            assertThat(u.finding().naming().verification()).startsWith("confirmed on 2400 later replies");
        });
        assertThat(check.reported).isTrue();
    }

    @Test
    void theVerdictIsTheMeanProjectionAgainstTheSpreadOfItsBuckets() {
        final SegmentState.ShiftVerification v = new SegmentState.ShiftVerification(new double[] {1, 0}, 0);
        // Three buckets of 10 replies projecting 0.01, 0.02 and 0.03 beyond the reference: E = 0.02.
        // Σn²(p − E)² = 100·(10⁻⁴ + 0 + 10⁻⁴) = 0.02, over (Σn)² = 900, times 3/2: 1/30000. The bucket variance
        // 10⁻⁴ times the reference's Σn²/N² = 0.01 adds 10⁻⁶: z = 0.02/√(3.4333·10⁻⁵) = 3.41.
        for (final double p : new double[] {0.01, 0.02, 0.03}) {
            v.buckets++;
            v.replies += 10;
            v.sumProjections += p;
            v.sumProjectionSquares += p * p;
            v.sumWeighted += 10 * p;
            v.sumWeightSquares += 100;
            v.sumWeightSquaredProjections += 100 * p;
            v.sumWeightSquaredProjectionSquares += 100 * p * p;
        }
        final ShiftReference reference = new ShiftReference(new double[2], null, 0, 0.01, 100, 1000);
        assertThat(ShiftDetector.verdict(v, reference)).isEqualTo("confirmed on 30 later replies: effect 0.0200 along the shift (z = 3.4)");
        v.sumWeighted = 0;
        assertThat(ShiftDetector.verdict(v, reference)).startsWith("not confirmed on 30 later replies: effect 0.0000");
    }

    @Test
    void aTrackWrittenBeforeTheFullEmbeddingTestCalibratesAnew() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(25);
        traffic(monitor, state, random, 0, 120, 0.0);
        // As an earlier version's state reads back: a reference with no traces.
        state.shift.reference = new ShiftReference(state.shift.reference.meanEmbedding(), null, 0, 0, 1, 1);
        traffic(monitor, state, random, 120, 2, 0.0);
        assertThat(state.shift.reference).isNull();
        // Minutes 119 and 120 close while minutes 120 and 121 arrive: the first starts the new calibration.
        assertThat(state.shift.calibrationStart).isEqualTo(T0 + 119 * MINUTE);
        assertThat(state.shift.calibration.buckets).isEqualTo(2);
    }

    @Test
    void unchangedTrafficOpensNothing() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        assertThat(traffic(monitor, new SegmentState("model=m"), new SplittableRandom(22), 0, 360, 0.0)).isEmpty();
    }

    @Test
    void bucketsCarryTheirEmbeddingSumsAndHalvesByReplyIdentity() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final float[] e = {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        monitor.accept(state, new ScoredReply("a", 0, T0, Map.of(), null, e));
        monitor.accept(state, new ScoredReply("b", 0, T0 + 1000, Map.of(), null, e));
        final ClosedBucket closed = monitor.accept(state, new ScoredReply("c", 0, T0 + MINUTE, Map.of(), null, e))
                .closedBuckets().get(0);
        assertThat(closed.embedding().count).isEqualTo(2);
        assertThat(closed.embedding().sum).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        assertThat(closed.embedding().countA).isEqualTo((ShiftDetector.halfA(new ScoredReply("a", 0, 0, Map.of(), null, e)) ? 1 : 0)
                + (ShiftDetector.halfA(new ScoredReply("b", 0, 0, Map.of(), null, e)) ? 1 : 0));
    }
}
