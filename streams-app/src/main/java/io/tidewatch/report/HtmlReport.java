package io.tidewatch.report;

import static io.tidewatch.report.Html.esc;
import static io.tidewatch.report.Html.num;
import static io.tidewatch.report.Html.time;

import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.avro.ShiftDescription;
import io.tidewatch.report.SvgChart.Band;
import io.tidewatch.report.SvgChart.Chart;
import io.tidewatch.report.SvgChart.Line;
import io.tidewatch.report.SvgChart.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code --report} page of a replay: one self-contained HTML file (inline CSS and SVG, no
 * scripts, nothing fetched) that opens with what happened, the incidents (most urgent first: when,
 * where, how big, the evidence, the description), then the charts of the segments and concepts
 * that moved (bucket means against the reference band, the CUSUM as a fraction of its threshold,
 * alert episodes and calibration shaded), the quiet charts folded away, the table of episodes
 * and the unexplained-shift findings.
 *
 * <p>The markup is also well-formed XML, so tests (and any XML tool) can parse it.
 */
public final class HtmlReport {

    private static final int SCORE_HEIGHT = 200;
    private static final int CUSUM_HEIGHT = 150;

    private final StringBuilder b = new StringBuilder(64 * 1024);
    private final String title;
    private final List<SegmentStats> buckets;
    private final List<Track> tracks;
    private final Instant from;
    private final Instant to;
    private final List<EpisodeRow> episodes;
    private final List<IncidentRow> incidents;

    private HtmlReport(final String title, final List<SegmentStats> buckets, final List<DriftAlert> alerts) {
        this.title = title;
        this.buckets = buckets;
        this.tracks = Track.of(buckets);
        this.from = Stream.concat(buckets.stream().map(SegmentStats::getWindowStart),
                alerts.stream().map(DriftAlert::getWindowStart)).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        final Instant end = Stream.concat(buckets.stream().map(SegmentStats::getWindowEnd),
                alerts.stream().map(DriftAlert::getEventTime)).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        // A time axis needs a width; a single instant gets a minute.
        this.to = end.isAfter(from) ? end : from.plusSeconds(60);
        this.episodes = EpisodeRow.of(alerts, to);
        this.incidents = IncidentRow.of(episodes);
    }

    /**
     * Writes the report to {@code out} (UTF-8), replacing it.
     *
     * @param title   the page title, e.g. the replay's inputs
     * @param buckets the closed buckets of all segments, in any order
     * @param alerts  the alert events (OPEN, UPDATE, RESOLVED; AUDIT is left out), in any order
     */
    public static void write(final Path out, final String title, final List<SegmentStats> buckets,
                             final List<DriftAlert> alerts) throws IOException {
        Files.writeString(out, render(title, buckets, alerts), StandardCharsets.UTF_8);
    }

    /** The report as a string; see {@link #write}. */
    public static String render(final String title, final List<SegmentStats> buckets, final List<DriftAlert> alerts) {
        return new HtmlReport(Objects.requireNonNullElse(title, "tidewatch report"),
                List.copyOf(buckets), List.copyOf(alerts)).page();
    }

    private String page() {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").append(esc(title))
                .append("</title><style>").append(Style.CSS).append("</style></head><body><main>")
                .append("<h1>").append(esc(title)).append("</h1>");
        summary();
        if (!incidents.isEmpty()) {
            incidents();
        }
        if (!tracks.isEmpty()) {
            b.append(Style.LEGEND);
            final List<Track> moved = tracks.stream().filter(t -> episodes.stream().anyMatch(e -> e.concerns(t) || e.spans(t))).toList();
            segments(moved);
            final List<Track> quiet = tracks.stream().filter(t -> !moved.contains(t)).toList();
            if (!quiet.isEmpty()) {
                b.append("<details class=\"quiet\" id=\"quiet\"><summary>").append(quiet.size())
                        .append(quiet.size() == 1 ? " chart" : " charts").append(" without alerts</summary>");
                segments(quiet);
                b.append("</details>");
            }
        }
        if (!episodes.isEmpty()) {
            alertTable();
            unexplainedShifts();
        }
        return b.append("</main></body></html>\n").toString();
    }

    private void summary() {
        b.append("<section id=\"summary\"><h2>Summary</h2>");
        if (buckets.isEmpty() && episodes.isEmpty()) {
            b.append("<p class=\"empty\">Nothing to show: the input held no closed buckets and no alerts.</p></section>");
            return;
        }
        final long calibrating = buckets.stream().filter(SegmentStats::getCalibrating).count();
        final long open = episodes.stream().filter(e -> !e.resolved()).count();
        b.append("<dl>");
        fact("Time range", time(from) + " to " + time(to) + " (" + duration(Duration.between(from, to)) + ")");
        fact("Segments", listed(Stream.concat(tracks.stream().map(Track::segment), episodes.stream().map(EpisodeRow::segment))
                .map(Track::label)));
        fact("Concepts", listed(tracks.stream().map(Track::concept)));
        fact("Buckets", buckets.size() + " (" + calibrating + " while calibrating)");
        fact("Incidents", incidents.size() + (incidents.isEmpty() ? "" : " (one cause each: the alerts of a segment that overlap in time)"));
        fact("Alert episodes", episodes.size() + (episodes.isEmpty() ? "" : " by detector: " + byDetector()
                + "; " + open + " still open at the end"));
        fact("Unexplained shifts", String.valueOf(episodes.stream().filter(EpisodeRow::unexplainedShift).count()));
        b.append("</dl></section>");
    }

    private void fact(final String name, final String value) {
        b.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private String byDetector() {
        return episodes.stream().collect(Collectors.groupingBy(EpisodeRow::detector, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String listed(final Stream<String> names) {
        final List<String> distinct = names.distinct().sorted().toList();
        return distinct.size() + (distinct.isEmpty() ? "" : ": " + String.join("; ", distinct));
    }

    private static String duration(final Duration d) {
        return d.toDays() > 0 ? d.toDays() + " d " + d.toHoursPart() + " h"
                : d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    private void segments(final List<Track> some) {
        // Tracks come sorted by segment label, and grouping keeps that order.
        some.stream().collect(Collectors.groupingBy(Track::segment, LinkedHashMap::new, Collectors.toList())).values().forEach(this::segment);
    }

    /** What happened, first: each incident with its size, its alerts and the evidence of the alert that stands for it. */
    private void incidents() {
        b.append("<section id=\"incidents\"><h2>Incidents</h2>");
        for (final IncidentRow incident : incidents) {
            final EpisodeRow primary = incident.primary();
            final DriftAlert peak = primary.peak();
            final String severity = incident.severity();
            b.append("<article class=\"incident ").append(esc(severity)).append("\" data-incident-id=\"").append(esc(incident.id()))
                    .append("\"><h3><span class=\"severity\">").append(esc(severity.isEmpty() ? "alert" : severity)).append("</span>")
                    .append(esc(Track.label(incident.segment()) + ": " + time(incident.opened())
                            + (incident.resolved() ? " to " + time(incident.closed()) : ", still open at the end")))
                    .append("</h3><p>").append(esc(peak.getMessage())).append("</p><p class=\"facts\">")
                    .append(esc(incident.episodes().size() + (incident.episodes().size() == 1 ? " alert: " : " alerts: ")
                            + incident.episodes().stream().map(e -> (e.concept() == null ? "segment-wide" : e.concept()) + " (" + e.detector() + ")")
                                    .collect(Collectors.joining(", "))
                            + " · led by " + (primary.concept() == null ? primary.detector() : primary.concept())
                            + ": effect " + num(peak.getEffectSize()) + " reference spreads over " + peak.getSampleCount() + " replies, statistic "
                            + num(peak.getStatistic()) + " vs threshold " + num(peak.getThreshold()) + " · evidence from " + time(incident.evidenceStart())))
                    .append("</p>");
            incident.episodes().stream().map(EpisodeRow::description).filter(Objects::nonNull).reduce((a, later) -> later).ifPresent(this::about);
            if (!peak.getExemplars().isEmpty()) {
                b.append("<h4>Replies that carry it</h4><ol class=\"exemplars\">");
                peak.getExemplars().stream().limit(3).forEach(this::exemplar);
                b.append("</ol>");
            }
            b.append("</article>");
        }
        b.append("</section>");
    }

    private void segment(final List<Track> segmentTracks) {
        final String label = Track.label(segmentTracks.get(0).segment());
        b.append("<section class=\"segment\" data-segment=\"").append(esc(label)).append("\"><h2>Segment ")
                .append(esc(label)).append("</h2>");
        segmentTracks.forEach(this::figure);
        b.append("</section>");
    }

    /** The chart of one (segment, concept): scores over the band, then the CUSUM over its threshold. */
    private void figure(final Track track) {
        final List<Span> spans = spans(track);
        final boolean calibratingOnly = track.samples().stream().allMatch(Track.Sample::calibrating);
        b.append("<figure class=\"track\" data-segment=\"").append(esc(Track.label(track.segment())))
                .append("\" data-concept=\"").append(esc(track.concept())).append("\"><figcaption><strong>")
                .append(esc(track.concept())).append("</strong> in ").append(esc(Track.label(track.segment())))
                .append(calibratingOnly ? " · still calibrating: no reference yet"
                        : track.approximateBand() ? " · approximate band where z = 0 (see note)" : "")
                .append("</figcaption>");
        b.append(SvgChart.svg(from, to, new Chart("mean score", SCORE_HEIGHT, spans,
                List.of(new Band("band", track.band(-1), track.band(1))),
                track.promptAdjusted()
                        ? List.of(new Line("reference", track.series(ConceptBucketStats::getReferenceMean)),
                                new Line("mean", track.series(ConceptBucketStats::getMean)), new Line("judged", track.series(Track::judgedMean)))
                        : List.of(new Line("reference", track.series(ConceptBucketStats::getReferenceMean)),
                                new Line("mean", track.series(ConceptBucketStats::getMean))),
                "no buckets")));
        b.append(SvgChart.svg(from, to, new Chart("CUSUM ÷ threshold", CUSUM_HEIGHT, spans, List.of(),
                List.of(new Line("threshold", track.series(c -> c.getThreshold() == null ? null : 1.0)),
                        new Line("cusum", track.series(Track::cusumShare))),
                "no CUSUM yet: the reference is still calibrating")));
        b.append("</figure>");
    }

    /** Calibration, then each episode's evidence and active span; segment-wide shifts in their own colour. */
    private List<Span> spans(final Track track) {
        final List<Span> spans = new ArrayList<>(track.calibration());
        for (final EpisodeRow e : episodes) {
            if (e.concerns(track)) {
                if (e.evidenceStart().isBefore(e.opened())) {
                    spans.add(new Span("evidence", e.evidenceStart(), e.opened(), "",
                            "evidence of " + e.detector() + " alert " + e.alertId() + " from " + time(e.evidenceStart())));
                }
                spans.add(new Span("alert", e.opened(), e.closed(), e.detector(), tooltip(e)));
            } else if (e.spans(track)) {
                spans.add(new Span("shift", e.opened(), e.closed(), e.detector(), tooltip(e)));
            }
        }
        return spans;
    }

    private static String tooltip(final EpisodeRow e) {
        return e.detector() + " alert " + e.alertId() + ": open " + time(e.opened())
                + (e.resolved() ? ", resolved " + time(e.closed()) : ", still open")
                + "; peak statistic " + num(e.peak().getStatistic()) + " vs threshold " + num(e.peak().getThreshold());
    }

    private void alertTable() {
        b.append("<section id=\"alerts\"><h2>Alert episodes</h2><table><thead><tr><th>Segment</th><th>Concept</th>")
                .append("<th>Detector</th><th>Evidence from</th><th>Opened</th><th>Resolved</th>")
                .append("<th>Peak / threshold</th><th>Effect (sd)</th><th>Replies</th><th>Alert id</th></tr></thead><tbody>");
        for (final EpisodeRow e : episodes) {
            final DriftAlert peak = e.peak();
            b.append("<tr title=\"").append(esc(peak.getMessage())).append("\">");
            cells(Track.label(e.segment()), e.concept() == null ? "(segment-wide)" : e.concept(), e.detector(),
                    time(e.evidenceStart()), time(e.opened()), e.resolved() ? time(e.closed()) : "still open",
                    num(peak.getStatistic()) + " / " + num(peak.getThreshold()), num(peak.getEffectSize()),
                    String.valueOf(peak.getSampleCount()), e.alertId());
            b.append("</tr>");
        }
        b.append("</tbody></table></section>");
    }

    private void cells(final String... values) {
        for (final String v : values) {
            b.append("<td>").append(esc(v)).append("</td>");
        }
    }

    private void unexplainedShifts() {
        final List<EpisodeRow> shifts = episodes.stream().filter(EpisodeRow::unexplainedShift).toList();
        b.append("<section id=\"unexplained\"><h2>Unexplained shifts</h2>");
        if (shifts.isEmpty()) {
            b.append("<p class=\"empty\">No unexplained shifts: the mean embeddings stayed within their noise.</p>");
        }
        shifts.forEach(this::shift);
        b.append("</section>");
    }

    /** One finding, told by its strongest event: how far it moved, what known concepts explain, who carries it. */
    private void shift(final EpisodeRow e) {
        final DriftAlert peak = e.peak();
        b.append("<article class=\"shift\" data-alert-id=\"").append(esc(e.alertId())).append("\"><h3>")
                .append(esc(Track.label(e.segment()))).append(": ").append(esc(time(e.opened())))
                .append(e.resolved() ? " to " + esc(time(e.closed())) : ", still open").append("</h3><p>")
                .append(esc(peak.getMessage())).append("</p><p class=\"facts\">")
                .append(esc("statistic " + num(peak.getStatistic()) + " vs threshold " + num(peak.getThreshold())
                        + " · " + peak.getSampleCount() + " replies · evidence from " + time(e.evidenceStart())))
                .append("</p>");
        if (e.description() != null) {
            about(e.description());
        }
        b.append("<h4>Explained by known concepts (cosine with the shift direction)</h4>");
        if (peak.getExplainedBy().isEmpty()) {
            b.append("<p class=\"empty\">No concept explanation was given.</p>");
        }
        peak.getExplainedBy().forEach(x -> bar(x.getConcept(), x.getCosine()));
        b.append("<h4>Replies that carry it</h4><ol class=\"exemplars\">");
        peak.getExemplars().forEach(this::exemplar);
        b.append("</ol>");
        details(peak.getDetails());
        b.append("</article>");
    }

    /** What the shift is about: the terms its replies overuse, the nearest library themes, and the verdict on later replies. */
    private void about(final ShiftDescription d) {
        b.append("<h4>What it is about</h4>");
        if (d.getTerms().isEmpty()) {
            b.append("<p class=\"empty\">No term of the replies kept as evidence stands out against the reference.</p>");
        } else {
            b.append("<table class=\"terms\"><thead><tr><th>key term</th><th>replies using it</th><th>reference replies using it</th>"
                    + "<th>z</th></tr></thead><tbody>");
            d.getTerms().forEach(t -> b.append("<tr><td>").append(esc(t.getTerm())).append("</td><td>").append(t.getShiftedReplies())
                    .append("</td><td>").append(t.getReferenceReplies()).append("</td><td>").append(num(t.getZ())).append("</td></tr>"));
            b.append("</tbody></table>");
        }
        if (!d.getSubThemes().isEmpty()) {
            b.append("<h4>").append(d.getSubThemes().size()).append(" sub-themes (key terms that never share a sentence)</h4><ol class=\"sub-themes\">");
            d.getSubThemes().forEach(g -> {
                b.append("<li><p>").append(esc(String.join(", ", g.getTerms()) + " (" + Math.round(100 * g.getShare())
                        + "% of the replies holding a key term)")).append("</p><ol class=\"exemplars\">");
                g.getExemplars().forEach(this::exemplar);
                b.append("</ol></li>");
            });
            b.append("</ol>");
        }
        if (!d.getThemes().isEmpty()) {
            b.append("<p class=\"themes\">").append(esc("Nearest themes of the library: " + d.getThemes().stream()
                    .map(t -> t.getTheme() + " (" + Math.round(100 * t.getShare()) + "% of the shift: " + t.getDescription() + ")")
                    .collect(Collectors.joining("; ")))).append("</p>");
        }
        b.append("<p class=\"verdict\">").append(esc(d.getVerification() == null ? "Not yet checked on later replies."
                : "Checked on later replies: " + d.getVerification() + ".")).append("</p>");
    }

    /** A cosine as a bar from the middle: right for aligned, left for opposed. */
    private void bar(final String concept, final double cosine) {
        final double width = Math.min(1, Math.abs(cosine)) * 50;
        final double left = cosine >= 0 ? 50 : 50 - width;
        b.append("<div class=\"bar-row\"><span class=\"bar-label\">").append(esc(concept))
                .append("</span><span class=\"bar\"><span class=\"fill ").append(cosine >= 0 ? "pos" : "neg")
                .append("\" style=\"left:").append(Html.px(left)).append("%;width:").append(Html.px(width))
                .append("%\"></span></span><span class=\"bar-value\">").append(num(cosine)).append("</span></div>");
    }

    private void exemplar(final Exemplar x) {
        b.append("<li><span class=\"meta\">").append(esc("conversation " + x.getConversationId() + " · turn "
                        + x.getTurn() + " · score " + num(x.getScore()))).append("</span><blockquote>")
                .append(x.getExcerpt() == null ? "<em>(no excerpt: alerts carry ids only)</em>" : marked(x.getExcerpt(), x.getSentence()))
                .append("</blockquote></li>");
    }

    /** The excerpt with the sentence that carries the alert marked, when the exemplar names one found in it. */
    private static String marked(final String excerpt, final String sentence) {
        final int at = sentence == null || sentence.isEmpty() ? -1 : excerpt.indexOf(sentence);
        if (at < 0) {
            return esc(excerpt);
        }
        return esc(excerpt.substring(0, at)) + "<mark>" + esc(sentence) + "</mark>" + esc(excerpt.substring(at + sentence.length()));
    }

    private void details(final Map<String, String> details) {
        if (details.isEmpty()) {
            return;
        }
        b.append("<dl class=\"details\">");
        new TreeMap<>(details).forEach(this::fact);
        b.append("</dl>");
    }
}
