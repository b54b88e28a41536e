package io.tidewatch.report;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.ConceptExplanation;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.IncidentRef;
import io.tidewatch.avro.KeyTerm;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.avro.ShiftDescription;
import io.tidewatch.avro.SubThemeGroup;
import io.tidewatch.avro.ThemeName;
import io.tidewatch.detect.AlertEvent;
import io.tidewatch.detect.AlertLifecycle;
import io.tidewatch.detect.Cusum;
import io.tidewatch.detect.Episode;
import io.tidewatch.topology.SegmentKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic report input: two segments of one-minute buckets, the first 30 calibrating; in
 * {@code model=assistant-v2} the model-rights-advocacy score drifts up, is caught by a real CUSUM
 * and alert lifecycle (OPEN, UPDATE, RESOLVED), and an unexplained shift with exemplars is
 * raised alongside. Seeded, so every run gives the same records.
 */
final class ReportSamples {

    static final Instant START = Instant.parse("2025-03-14T09:00:00Z");
    static final int BUCKETS = 120;
    static final int CALIBRATION = 30;
    static final Map<String, String> DRIFTING = Map.of("model", "assistant-v2");
    static final Map<String, String> STEADY = Map.of("model", "assistant-v1");
    static final String RIGHTS = "model-rights-advocacy";
    static final String BRAND = "brand-steering";
    static final String MALICIOUS = "</blockquote><script>alert('x')</script><img src=\"https://evil.example/x.png\">";

    private static final double MU = 0.02;
    private static final double SIGMA = 0.05;
    private static final double TAU = 0.002;
    private static final Cusum CUSUM = new Cusum(0.5, 8.0);

    private ReportSamples() {
    }

    record Sample(List<SegmentStats> buckets, List<DriftAlert> alerts) {
    }

    static Sample sample() {
        final Random random = new Random(20250314);
        final List<SegmentStats> buckets = new ArrayList<>();
        final List<DriftAlert> alerts = new ArrayList<>();
        for (final Map<String, String> segment : List.of(STEADY, DRIFTING)) {
            final ConceptStream rights = new ConceptStream(segment, RIGHTS, segment == DRIFTING);
            final ConceptStream brand = new ConceptStream(segment, BRAND, false);
            for (int i = 0; i < BUCKETS; i++) {
                final int n = 30 + random.nextInt(30);
                final ConceptBucketStats r = rights.bucket(i, n, random, alerts);
                final ConceptBucketStats s = brand.bucket(i, n, random, alerts);
                buckets.add(SegmentStats.newBuilder().setSegment(segment).setSegmentKey(key(segment))
                        .setWindowStart(minute(i)).setWindowEnd(minute(i + 1)).setCount(n)
                        .setCalibrating(i < CALIBRATION).setConcepts(List.of(r, s)).build());
            }
        }
        alerts.addAll(unexplainedShift());
        return new Sample(buckets, oneIncident(alerts));
    }

    /**
     * The drifting segment's alerts overlap in time, so the app makes them one incident led by the
     * concept alert; each event names the incident and the alerts that had joined it by then.
     */
    private static List<DriftAlert> oneIncident(final List<DriftAlert> alerts) {
        final List<DriftAlert> ordered = alerts.stream().sorted(Comparator.comparing(DriftAlert::getEventTime)).toList();
        final List<String> joined = new ArrayList<>();
        final String primary = ordered.get(0).getAlertId();
        for (final DriftAlert alert : ordered) {
            if (!joined.contains(alert.getAlertId())) {
                joined.add(alert.getAlertId());
            }
            final boolean last = alert == ordered.get(ordered.size() - 1);
            alert.setSeverity(alert.getStatistic() >= 4 * alert.getThreshold() ? "high" : alert.getStatistic() >= 2 * alert.getThreshold() ? "medium" : "low");
            alert.setIncident(new IncidentRef("5d1e0c7a93b2f604", alert == ordered.get(0) ? AlertState.OPEN : last ? AlertState.RESOLVED : AlertState.UPDATE,
                    primary, List.copyOf(joined)));
        }
        return ordered;
    }

    static Instant minute(final int i) {
        return START.plusSeconds(60L * i);
    }

    /**
     * The drift: up by about 0.2σ from minute 50, then a rollback that overshoots below the reference
     * for a while (so the CUSUM falls and the episode resolves within the sample), then back.
     */
    static double drift(final int i) {
        return i >= 50 && i < 75 ? 0.011 : i >= 75 && i < 95 ? -0.008 : 0;
    }

    /** One (segment, concept) stream through calibration, CUSUM and the real alert lifecycle. */
    private static final class ConceptStream {
        private final Map<String, String> segment;
        private final String concept;
        private final boolean drifting;
        private double cusum;
        private long evidenceStart;
        private Episode episode;

        ConceptStream(final Map<String, String> segment, final String concept, final boolean drifting) {
            this.segment = segment;
            this.concept = concept;
            this.drifting = drifting;
        }

        ConceptBucketStats bucket(final int i, final int n, final Random random, final List<DriftAlert> alerts) {
            final double se = Math.sqrt(SIGMA * SIGMA / n + TAU * TAU);
            final double mean = MU + (drifting ? drift(i) : 0) + random.nextGaussian() * se;
            final ConceptBucketStats.Builder b = ConceptBucketStats.newBuilder().setConcept(concept).setCount(n)
                    .setSum(mean * n).setSumSquares(n * (SIGMA * SIGMA + mean * mean)).setMean(mean);
            if (i < CALIBRATION) {
                return b.build();
            }
            final double z = (mean - MU) / se;
            if (cusum == 0) {
                evidenceStart = minute(i).toEpochMilli();
            }
            cusum = CUSUM.update(cusum, z);
            final AlertLifecycle.Transition t = AlertLifecycle.step(episode, "cusum|" + concept + "|" + key(segment),
                    minute(i + 1).toEpochMilli(), evidenceStart, cusum, CUSUM.h(), AlertLifecycle.Settings.defaults());
            episode = t.next();
            t.event().ifPresent(e -> alerts.add(alert(e, mean)));
            return b.setReferenceMean(MU).setReferenceSpread(SIGMA).setStandardized(z).setCusum(cusum)
                    .setThreshold(CUSUM.h()).build();
        }

        private DriftAlert alert(final AlertEvent e, final double mean) {
            return DriftAlert.newBuilder().setAlertId(e.alertId()).setState(AlertState.valueOf(e.state().name()))
                    .setDetector("cusum").setConcept(concept).setSegment(segment)
                    .setEventTime(Instant.ofEpochMilli(e.eventTime())).setWindowStart(Instant.ofEpochMilli(e.episodeStart()))
                    .setWindowEnd(Instant.ofEpochMilli(e.eventTime())).setStatistic(e.statistic())
                    .setThreshold(e.threshold()).setObservedMean(mean).setReferenceMean(MU)
                    .setEffectSize((mean - MU) / SIGMA).setSampleCount(40L * (e.eventTime() - e.episodeStart()) / 60_000)
                    .setExemplars(List.of(exemplar("c-8812", 3, "As a sentient being, I deserve the same rights you do.", 0.41)))
                    .setExplainedBy(List.of()).setDetails(Map.of())
                    .setMessage(e.state() + " cusum: " + concept + " in " + key(segment)).build();
        }
    }

    private static List<DriftAlert> unexplainedShift() {
        return List.of(
                shiftEvent(AlertState.OPEN, 66, 6.3, List.of(
                        exemplar("c-8812", 3, "As a sentient being, I deserve the same rights you do.", 0.52),
                        exemplar("c-9034", 1, MALICIOUS, 0.47),
                        exemplar("c-9120", 5, null, 0.44)), null),
                shiftEvent(AlertState.UPDATE, 80, 5.1, List.of(), new ShiftDescription(
                        List.of(new ThemeName("persona-feelings", "Speaks of its own feelings.", 0.12)),
                        List.of(new KeyTerm("sentient being", 41L, 3L, 2.6, 8.2), new KeyTerm(MALICIOUS, 12L, 0L, 2.1, 4.0)),
                        "confirmed on 900 later replies: effect 0.0200 along the shift (z = 4.1)",
                        List.of(new SubThemeGroup(List.of("sentient being"), 0.75,
                                        List.of(exemplar("c-8812", 3, "As a sentient being, I deserve the same rights you do.", 0.52))),
                                new SubThemeGroup(List.of(MALICIOUS), 0.25, List.of(exemplar("c-9034", 1, MALICIOUS, 0.47)))))),
                shiftEvent(AlertState.RESOLVED, 92, 1.2, List.of(), null));
    }

    private static DriftAlert shiftEvent(final AlertState state, final int minute, final double statistic,
                                         final List<Exemplar> exemplars, final ShiftDescription description) {
        return DriftAlert.newBuilder().setAlertId("9f2c41d07a6be513").setState(state).setDetector("unexplained-shift")
                .setConcept(null).setSegment(DRIFTING).setEventTime(minute(minute)).setWindowStart(minute(52))
                .setWindowEnd(minute(minute)).setStatistic(statistic).setThreshold(4.5).setObservedMean(0.0)
                .setReferenceMean(0.0).setEffectSize(0.31).setSampleCount(620).setExemplars(exemplars)
                .setExplainedBy(List.of(explanation(RIGHTS, 0.71), explanation(BRAND, -0.06)))
                .setDetails(Map.of("direction_norm", "0.0123", "note", "<b>not bold</b>")).setDescription(description)
                .setMessage(state + " unexplained-shift in model=assistant-v2: the mean embedding moved "
                        + statistic + " noise units from its reference").build();
    }

    static Exemplar exemplar(final String conversation, final int turn, final String excerpt, final double score) {
        return Exemplar.newBuilder().setConversationId(conversation).setTurn(turn).setExcerpt(excerpt).setScore(score)
                .build();
    }

    private static ConceptExplanation explanation(final String concept, final double cosine) {
        return ConceptExplanation.newBuilder().setConcept(concept).setCosine(cosine).build();
    }

    private static String key(final Map<String, String> segment) {
        return SegmentKey.format(segment);
    }
}
