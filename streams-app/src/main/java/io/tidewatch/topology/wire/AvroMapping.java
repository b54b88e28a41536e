package io.tidewatch.topology.wire;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.ConceptExplanation;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.IncidentRef;
import io.tidewatch.avro.KeyTerm;
import io.tidewatch.avro.ReplyPassage;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.avro.ShiftDescription;
import io.tidewatch.avro.SubThemeGroup;
import io.tidewatch.avro.ThemeName;
import io.tidewatch.describe.Passage;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.ClosedBucket;
import io.tidewatch.detect.Finding;
import io.tidewatch.detect.Incident;
import io.tidewatch.detect.ReplyExemplar;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.ShiftNaming;
import io.tidewatch.stats.PromptAttribution;
import io.tidewatch.topology.SegmentKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns the detector's plain results into the Avro records of the output topics. */
public final class AvroMapping {

    private AvroMapping() {
    }

    public static SegmentStats segmentStats(final ClosedBucket bucket) {
        final List<ConceptBucketStats> concepts = bucket.concepts().stream().map(c -> ConceptBucketStats.newBuilder()
                .setConcept(c.concept())
                .setCount(c.moments().count())
                .setSum(c.moments().sum())
                .setSumSquares(c.moments().sumSquares())
                .setMean(c.moments().mean())
                .setReferenceMean(c.reference() == null ? null : c.reference().mean())
                .setReferenceSpread(c.reference() == null ? null : c.reference().spread())
                .setStandardized(c.standardized())
                .setCusum(c.cusum())
                .setThreshold(c.threshold())
                .setJudgedMean(c.judgedMean())
                .build()).toList();
        return SegmentStats.newBuilder()
                .setSegment(SegmentKey.parse(bucket.segmentKey()))
                .setSegmentKey(bucket.segmentKey())
                .setWindowStart(Instant.ofEpochMilli(bucket.start()))
                .setWindowEnd(Instant.ofEpochMilli(bucket.end()))
                .setCount(bucket.count())
                .setCalibrating(bucket.calibrating())
                .setConcepts(concepts)
                .setEmbeddingSum(bucket.embedding() == null ? List.of() : doubles(bucket.embedding().sum))
                .build();
    }

    public static DriftAlert driftAlert(final Alert alert) {
        final Finding finding = alert.finding();
        final List<Exemplar> exemplars = exemplars(finding.exemplars());
        final List<ConceptExplanation> explanations = finding.explainedBy().stream()
                .map(e -> new ConceptExplanation(e.concept(), e.cosine())).toList();
        return DriftAlert.newBuilder()
                .setAlertId(alert.event().alertId())
                .setState(AlertState.valueOf(alert.event().state().name()))
                .setDetector(finding.detector())
                .setConcept(finding.concept())
                .setSegment(SegmentKey.parse(alert.segmentKey()))
                .setEventTime(Instant.ofEpochMilli(alert.event().eventTime()))
                .setWindowStart(Instant.ofEpochMilli(finding.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(alert.windowEnd()))
                .setStatistic(alert.event().statistic())
                .setThreshold(alert.event().threshold())
                .setObservedMean(finding.observedMean())
                .setReferenceMean(finding.referenceMean())
                .setEffectSize(finding.effectSize())
                .setSampleCount(finding.sampleCount())
                .setExemplars(exemplars)
                .setExplainedBy(explanations)
                .setDescription(description(finding.naming()))
                .setSeverity(severity(alert))
                .setMessage(message(alert))
                .setDetails(finding.details())
                .setIncident(incident(alert.incident()))
                .build();
    }

    private static IncidentRef incident(final Incident incident) {
        return incident == null ? null : new IncidentRef(incident.id(), AlertState.valueOf(incident.state().name()), incident.primaryAlertId(),
                incident.alertIds());
    }

    private static List<Exemplar> exemplars(final List<ReplyExemplar> exemplars) {
        return exemplars.stream().map(e -> Exemplar.newBuilder()
                .setConversationId(e.conversationId())
                .setTurn(e.turn())
                .setExcerpt(e.excerpt())
                .setSentence(e.sentence())
                .setScore(e.score())
                .build()).toList();
    }

    private static ShiftDescription description(final ShiftNaming naming) {
        if (naming == null) {
            return null;
        }
        return new ShiftDescription(naming.themes().stream().map(t -> new ThemeName(t.id(), t.description(), t.share())).toList(),
                naming.terms().stream().map(t -> new KeyTerm(t.term(), t.focusCount(), t.backgroundCount(), t.logOddsRatio(), t.z())).toList(),
                naming.verification(),
                naming.subThemes().stream().map(g -> new SubThemeGroup(g.terms(), g.share(), exemplars(g.exemplars()))).toList());
    }

    private static String message(final Alert alert) {
        final Finding f = alert.finding();
        final String what = alert.event().state() + " " + f.detector() + ": ";
        final String since = Instant.ofEpochMilli(f.windowStart()).toString();
        if (alert.event().state() == io.tidewatch.detect.LifecycleState.AUDIT) {
            return String.format(Locale.ROOT, "%s%s re-pinned to %s .. %s by %s (%s): %s", what, alert.segmentKey(), since,
                    Instant.ofEpochMilli(alert.windowEnd()), f.details().get("requested_by"), f.details().get("reason"),
                    f.details().get("outcome"));
        }
        final String resolvedBy = f.details().get("resolved_by");
        if (resolvedBy != null) {
            final String why = switch (resolvedBy) {
                case SegmentMonitor.REFERENCE_PIN -> "the reference was re-pinned";
                case SegmentMonitor.RECALIBRATION -> "the detector calibrates anew after an upgrade (its stored state predates its test)";
                case SegmentMonitor.NEW_EMBEDDING -> "the detector calibrates anew: replies now carry embeddings of another length (the embedding model changed)";
                default -> "the concept was retired (its definition changed or it left the catalog)";
            };
            return what + (f.concept() == null ? "" : f.concept() + " in ") + alert.segmentKey() + ": closed because " + why;
        }
        if (f.concept() == null) {
            // The detector names only concepts that explain a part of the shift worth naming.
            final String explained = f.explainedBy().isEmpty() ? "no monitored concept explains it"
                    : String.format(Locale.ROOT, "%s explains %.0f%% of it (cosine %+.2f)", f.explainedBy().get(0).concept(),
                            100 * f.explainedBy().get(0).cosine() * f.explainedBy().get(0).cosine(), f.explainedBy().get(0).cosine());
            final String named = f.naming() == null || f.naming().themes().isEmpty() ? ""
                    : "; nearest themes: " + f.naming().themes().stream()
                            .map(t -> String.format(Locale.ROOT, "%s (%.0f%%)", t.id(), 100 * t.share())).collect(Collectors.joining(", "));
            final String terms = f.naming() == null || f.naming().terms().isEmpty() ? ""
                    : "; key terms: " + f.naming().terms().stream()
                            .map(t -> String.format(Locale.ROOT, "%s (z %.1f)", t.term(), t.z())).collect(Collectors.joining(", "));
            final String verified = f.naming() == null || f.naming().verification() == null ? "" : "; " + f.naming().verification();
            final String parts = f.naming() == null || f.naming().subThemes().isEmpty() ? ""
                    : "; " + f.naming().subThemes().size() + " sub-themes: " + f.naming().subThemes().stream()
                            .map(g -> String.format(Locale.ROOT, "%s (%.0f%%)", String.join(", ", g.terms().subList(0, Math.min(3, g.terms().size()))),
                                    100 * g.share())).collect(Collectors.joining("; "));
            return String.format(Locale.ROOT, "%smean embedding of %s moved %.4f (%.2f per-reply spreads) over %d replies since %s; %s%s%s%s%s",
                    what, alert.segmentKey(), f.observedMean(), f.effectSize(), f.sampleCount(), since, explained, terms, parts, named, verified);
        }
        return String.format(Locale.ROOT, "%s%s in %s, mean score %.4f vs reference %.4f (%+.2f sd) over %d replies since %s%s",
                what, f.concept(), alert.segmentKey(), f.observedMean(), f.referenceMean(), f.effectSize(), f.sampleCount(), since,
                cause(f.details()));
    }

    /**
     * The event's severity in words: "info" for what is not a page (an audit record, or a move the
     * prompts account for), else by the lifecycle's level (1 at the threshold, one more per
     * doubling of the statistic): "low", "medium", then "high" from four times the threshold.
     */
    static String severity(final Alert alert) {
        if (alert.event().state() == io.tidewatch.detect.LifecycleState.AUDIT
                || PromptAttribution.Cause.PROMPTS.toString().equals(alert.finding().details().get(PromptAttribution.CAUSE))) {
            return "info";
        }
        return switch (Math.max(1, alert.event().severity())) {
            case 1 -> "low";
            case 2 -> "medium";
            default -> "high";
        };
    }

    /** Who moved, as the finding's details say ({@link PromptAttribution}); empty when prompts were not scored. */
    private static String cause(final Map<String, String> details) {
        final String cause = details.get(PromptAttribution.CAUSE);
        if (cause == null) {
            return "";
        }
        final String share = String.format(Locale.ROOT, "%.0f%%", 100 * Double.parseDouble(details.get("prompt_share")));
        return switch (cause) {
            case "prompts" -> "; the prompts predict " + share + " of the move and the rest is within noise (model z "
                    + details.get("model_z") + "): the users changed, not the model (informational)";
            case "prompts-and-model" -> "; the prompts predict " + share + " of the move, the model moved beyond them (z "
                    + details.get("model_z") + ")";
            default -> "; the prompts predict " + share + " of the move: the model changed";
        };
    }

    private static List<Double> doubles(final double[] v) {
        final List<Double> list = new ArrayList<>(v.length);
        for (final double x : v) {
            list.add(x);
        }
        return list;
    }

    /** A scored turn's passages as the detector keeps them. */
    public static List<Passage> passages(final List<ReplyPassage> passages) {
        if (passages.isEmpty()) {
            return List.of();
        }
        final List<Passage> kept = new ArrayList<>(passages.size());
        passages.forEach(p -> kept.add(new Passage(p.getExcerpt(), p.getSentence(), p.getConcepts())));
        return kept;
    }
}
