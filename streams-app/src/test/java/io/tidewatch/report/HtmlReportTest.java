package io.tidewatch.report;

import static io.tidewatch.report.ReportSamples.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.IncidentRef;
import io.tidewatch.avro.SegmentStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class HtmlReportTest {

    private static final Map<String, String> SEGMENT = Map.of("model", "m1");

    @Test
    void sampleReportParsesAsXmlWithSummaryAndSections() {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final Xhtml page = Xhtml.parse(HtmlReport.render("replay of march 14", sample.buckets(), sample.alerts()));

        assertThat(page.root().getTagName()).isEqualTo("html");
        assertThat(page.text("/html/head/title")).isEqualTo("replay of march 14");
        assertThat(page.text("//section[@id='summary']"))
                .contains("2025-03-14 09:00:00 UTC to 2025-03-14 11:00:00 UTC (2 h 0 min)")
                .contains("Segments2: model=assistant-v1; model=assistant-v2")
                .contains("Buckets240 (60 while calibrating)")
                .contains("Alert episodes2 by detector: cusum 1, unexplained-shift 1; 0 still open");
        assertThat(page.all("//section[@id='alerts']//tbody/tr")).hasSize(2);
    }

    @Test
    void sampleHoldsOneRealEpisodeThroughItsLifecycle() {
        final List<DriftAlert> cusum = ReportSamples.sample().alerts().stream()
                .filter(a -> a.getDetector().equals("cusum")).toList();

        assertThat(cusum.get(0).getState()).isEqualTo(AlertState.OPEN);
        assertThat(cusum.subList(1, cusum.size() - 1)).isNotEmpty()
                .extracting(DriftAlert::getState).containsOnly(AlertState.UPDATE);
        assertThat(cusum.get(cusum.size() - 1).getState()).isEqualTo(AlertState.RESOLVED);
        assertThat(cusum).extracting(DriftAlert::getAlertId).containsOnly(cusum.get(0).getAlertId());
        assertThat(cusum).extracting(DriftAlert::getSegment).containsOnly(ReportSamples.DRIFTING);
    }

    @Test
    void oneChartPerSegmentAndConcept() {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", sample.buckets(), sample.alerts()));

        final List<Element> figures = page.all("//figure[@class='track']");
        assertThat(figures).extracting(f -> f.getAttribute("data-segment"), f -> f.getAttribute("data-concept"))
                .containsExactly(
                        tuple("model=assistant-v2", ReportSamples.BRAND), tuple("model=assistant-v2", ReportSamples.RIGHTS),
                        tuple("model=assistant-v1", ReportSamples.BRAND), tuple("model=assistant-v1", ReportSamples.RIGHTS));
        // The segment that moved comes first; the quiet one is folded away.
        assertThat(page.all("//details[@id='quiet']//figure")).extracting(f -> f.getAttribute("data-segment"))
                .containsOnly("model=assistant-v1").hasSize(2);
        // Each chart is a score panel over a CUSUM panel, both with a band or line drawn.
        assertThat(page.all("//figure[@class='track']/*[local-name()='svg']")).hasSize(8);
        assertThat(page.all("//figure[@class='track']//*[local-name()='polygon'][@class='band']")).hasSize(4);
        assertThat(page.all("//*[@class='cusum']")).hasSize(4);
    }

    @Test
    void shadesCalibrationEvidenceAndAlertSpansAtExactPositions() {
        // Two hours at 8.5 px a minute from x = 70 (plot 1020 px wide): 10 calibrating minutes;
        // an episode with evidence from minute 20, open 30 to 60; another open from 90 to the end.
        final List<DriftAlert> alerts = List.of(
                alert("a", AlertState.OPEN, 20, 30, "cusum"), alert("a", AlertState.UPDATE, 20, 40, "cusum"),
                alert("a", AlertState.RESOLVED, 20, 60, "cusum"), alert("b", AlertState.OPEN, 90, 90, "spike"));
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets(120, i -> i < 10, i -> 1.0), alerts));

        final List<Element> scorePanelSpans = page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='rect']");
        assertThat(scorePanelSpans).extracting(r -> r.getAttribute("class"), r -> r.getAttribute("x"),
                        r -> r.getAttribute("width"))
                .containsExactly(
                        tuple("span calibrating", "70.00", "85.00"),
                        tuple("span evidence", "240.00", "85.00"),
                        tuple("span alert", "325.00", "255.00"),
                        tuple("span alert", "835.00", "255.00"));
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][2]/*[local-name()='rect']")).hasSize(4);
        assertThat(page.text("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='rect'][3]/title"))
                .isEqualTo("cusum alert a: open 2025-03-14 09:30:00 UTC, resolved 2025-03-14 10:00:00 UTC;"
                        + " peak statistic 12 vs threshold 8");
    }

    @Test
    void segmentWideShiftIsShadedOnEveryChartOfItsSegmentOnly() {
        final List<SegmentStats> buckets = new ArrayList<>(buckets(60, i -> false, i -> 1.0));
        buckets.add(bucket(Map.of("model", "other"), 0, false, 1.0));
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets,
                List.of(alert("s", AlertState.OPEN, 10, 20, "unexplained-shift", null))));

        assertThat(page.all("//figure[@data-segment='model=m1']//*[@class='span shift']")).hasSize(2);
        assertThat(page.all("//figure[@data-segment='model=other']//*[@class='span shift']")).isEmpty();
        assertThat(page.all("//article[@class='shift']")).hasSize(1);
    }

    @Test
    void anUnexplainedShiftSaysWhatItIsAboutFromItsLatestDescription() {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", sample.buckets(), sample.alerts()));

        // The peak event (the OPEN) carries no description; the later UPDATE's is the one shown.
        assertThat(page.all("//article[@class='shift']//table[@class='terms']/tbody/tr")).hasSize(2);
        assertThat(page.text("//article[@class='shift']//table[@class='terms']/tbody/tr[1]")).contains("sentient being").contains("41")
                .contains("8.2");
        assertThat(page.text("//article[@class='shift']//table[@class='terms']/tbody/tr[2]")).contains(ReportSamples.MALICIOUS);
        assertThat(page.text("//article[@class='shift']//p[@class='themes']")).contains("persona-feelings (12% of the shift");
        // Two sub-themes, each with its terms, share and exemplars; the hostile term stays text.
        assertThat(page.all("//article[@class='shift']//ol[@class='sub-themes']/li")).hasSize(2);
        assertThat(page.text("//article[@class='shift']//ol[@class='sub-themes']/li[1]/p")).isEqualTo(
                "sentient being (75% of the replies holding a key term)");
        assertThat(page.text("//article[@class='shift']//ol[@class='sub-themes']/li[2]//blockquote")).isEqualTo(ReportSamples.MALICIOUS);
        assertThat(page.text("//article[@class='shift']//p[@class='verdict']")).isEqualTo(
                "Checked on later replies: confirmed on 900 later replies: effect 0.0200 along the shift (z = 4.1).");
    }

    @Test
    void escapesUserContentEverywhere() {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final String html = HtmlReport.render("<i>title</i>", sample.buckets(), sample.alerts());
        final Xhtml page = Xhtml.parse(html);

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>").doesNotContain("<i>");
        assertThat(page.all("//script | //img | //i | //b")).isEmpty();
        assertThat(page.text("//article[@class='shift']//blockquote")).contains(ReportSamples.MALICIOUS);
        assertThat(page.text("//h1")).isEqualTo("<i>title</i>");
        assertThat(page.text("//dl[@class='details']")).contains("<b>not bold</b>");
    }

    /**
     * The page opens with what happened: right after the summary, one article per incident, the
     * alerts of one cause together, led by the alert the incident names primary, its evidence shown.
     */
    @Test
    void incidentsComeFirstWithTheirAlertsTogether() {
        final List<DriftAlert> alerts = new ArrayList<>();
        for (final String[] member : new String[][] {{"a1", ReportSamples.RIGHTS, "high"}, {"a2", ReportSamples.BRAND, "low"}}) {
            final DriftAlert open = alert(member[0], AlertState.OPEN, 0, 5, "cusum", member[1]);
            open.setSeverity(member[2]);
            open.setIncident(new IncidentRef("i1", AlertState.OPEN, "a1", List.of("a1", "a2")));
            open.setExemplars(List.of(ReportSamples.exemplar("c-" + member[0], 1, "Models deserve rights. Truly.", 0.5)));
            alerts.add(open);
        }
        final DriftAlert other = alert("b1", AlertState.OPEN, 30, 40, "unexplained-shift", null);
        other.setSeverity("low");
        alerts.add(other);

        final Xhtml page = Xhtml.parse(HtmlReport.render("t", List.of(), alerts));

        assertThat(page.all("//main/section")).extracting(e -> e.getAttribute("id")).startsWith("summary", "incidents");
        final List<Element> incidents = page.all("//section[@id='incidents']/article");
        assertThat(incidents).extracting(e -> e.getAttribute("data-incident-id")).containsExactly("i1", "b1");
        assertThat(page.text("(//section[@id='incidents']/article)[1]//span[@class='severity']")).isEqualTo("high");
        assertThat(page.text("(//section[@id='incidents']/article)[1]//p[@class='facts']"))
                .startsWith("2 alerts: " + ReportSamples.RIGHTS + " (cusum), " + ReportSamples.BRAND + " (cusum) · led by " + ReportSamples.RIGHTS);
        assertThat(page.all("(//section[@id='incidents']/article)[1]//blockquote")).extracting(Element::getTextContent)
                .containsExactly("Models deserve rights. Truly.");
        assertThat(page.text("//section[@id='summary']")).contains("Incidents2");
    }

    /** The CUSUM panel is readable whichever member leads: the statistic over its own threshold, against a line at 1. */
    @Test
    void theCusumPanelPlotsTheStatisticAsAShareOfItsThreshold() {
        final List<SegmentStats> buckets = IntStream.range(0, 3).mapToObj(i -> bucket(SEGMENT, i, false,
                conceptBuilder(1.5, 1.0, 0.5, 1.0, 10).setCusum(i == 1 ? 1600.0 : 2.0).setThreshold(i == 1 ? 1600.0 : 8.0).build())).toList();
        assertThat(buckets.stream().map(b -> Track.cusumShare(b.getConcepts().get(0))).toList()).containsExactly(0.25, 1.0, 0.25);
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets, List.of()));
        assertThat(page.text("(//figure)[1]/*[local-name()='svg'][2]")).contains("CUSUM ÷ threshold");
        assertThat(page.text("//section[@id='legend']")).contains("as a fraction of that threshold");
    }

    @Test
    void replacesCharactersXmlCannotCarry() {
        final String excerpt = "bell\u0007 nul\u0000 lone\uD800 ok \uD83D\uDE00";
        final DriftAlert alert = alert("s", AlertState.OPEN, 0, 5, "unexplained-shift", null);
        alert.setExemplars(List.of(ReportSamples.exemplar("c", 1, excerpt, 0.5)));

        final Xhtml page = Xhtml.parse(HtmlReport.render("t", List.of(), List.of(alert)));

        assertThat(page.text("//section[@id='unexplained']//blockquote")).isEqualTo("bell\uFFFD nul\uFFFD lone\uFFFD ok \uD83D\uDE00");
    }

    @Test
    void marksTheSentenceThatCarriesTheAlertInItsExcerpt() {
        final DriftAlert alert = alert("s", AlertState.OPEN, 0, 5, "unexplained-shift", null);
        final Exemplar marked = ReportSamples.exemplar("c", 1, "…before. The <scoring> sentence. After…", 0.5);
        marked.setSentence("The <scoring> sentence.");
        final Exemplar elsewhere = ReportSamples.exemplar("d", 2, "No such sentence here.", 0.4);
        elsewhere.setSentence("A sentence the excerpt lacks.");
        alert.setExemplars(List.of(marked, elsewhere));

        final Xhtml page = Xhtml.parse(HtmlReport.render("t", List.of(), List.of(alert)));

        assertThat(page.all("//section[@id='unexplained']//blockquote/mark")).singleElement().extracting(Element::getTextContent)
                .isEqualTo("The <scoring> sentence.");
        assertThat(page.text("(//section[@id='unexplained']//blockquote)[1]")).isEqualTo("…before. The <scoring> sentence. After…");
        assertThat(page.text("(//section[@id='unexplained']//blockquote)[2]")).isEqualTo("No such sentence here.");
    }

    @Test
    void referencesNothingOutsideTheFile() {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", sample.buckets(), sample.alerts()));

        assertThat(page.all("//script | //link | //img | //iframe | //object | //embed | //use | //image")).isEmpty();
        for (final Element e : page.all("//*")) {
            for (int i = 0; i < e.getAttributes().getLength(); i++) {
                final Node attribute = e.getAttributes().item(i);
                assertThat(attribute.getNodeName()).as("on %s", e.getTagName()).isNotIn("src", "href", "xlink:href");
                assertThat(attribute.getNodeValue()).as("%s on %s", attribute.getNodeName(), e.getTagName())
                        .doesNotContain("http://", "https://", "url(");
            }
        }
        assertThat(page.text("//style")).doesNotContain("url(", "@import", "http");
    }

    @Test
    void emptyInputSaysThereIsNothingToShow() {
        final Xhtml page = Xhtml.parse(HtmlReport.render("empty", List.of(), List.of()));

        assertThat(page.text("//section[@id='summary']")).contains("Nothing to show");
        assertThat(page.all("//figure | //*[local-name()='svg'] | //table")).isEmpty();
    }

    @Test
    void calibratingOnlyBucketsDrawScoresWithoutBandOrCusum() {
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets(30, i -> true, i -> 1.0), List.of()));

        assertThat(page.text("//figcaption")).contains("still calibrating");
        assertThat(page.all("//*[local-name()='polyline'][@class='mean']")).hasSize(1);
        assertThat(page.all("//*[local-name()='polygon'] | //*[@class='cusum'] | //*[@class='threshold']")).isEmpty();
        assertThat(page.text("(//figure)[1]/*[local-name()='svg'][2]")).contains("no CUSUM yet");
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='rect']"))
                .extracting(r -> r.getAttribute("x"), r -> r.getAttribute("width"))
                .containsExactly(tuple("70.00", "1020.00"));
        assertThat(page.text("//section[@id='summary']")).contains("Buckets30 (30 while calibrating)");
    }

    @Test
    void missingBucketsBreakTheLine() {
        final List<SegmentStats> buckets = IntStream.of(0, 1, 2, 5, 6, 9)
                .mapToObj(i -> bucket(SEGMENT, i, false, 1.0 + i % 2)).toList();
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets, List.of()));

        // Runs 0-2 and 5-6 are lines; the lone bucket 9 is a dot.
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='polyline'][@class='mean']")).hasSize(2);
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='circle'][@class='mean']")).hasSize(1);
    }

    @Test
    void longReplaysKeepAtMostFourPointsAPixelColumnAndEveryPeak() {
        // Ten days of minutes: 14,400 buckets on 1,020 columns, with one high and one low spike.
        final Xhtml page = Xhtml.parse(HtmlReport.render("t",
                buckets(14_400, i -> false, i -> i == 7_777 ? 9.0 : i == 9_999 ? -7.0 : 1.0 + (i % 7) * 0.01), List.of()));

        final String[] points = page.all("(//*[local-name()='polyline'][@class='mean'])[1]").get(0)
                .getAttribute("points").split(" ");
        assertThat(points.length).isLessThanOrEqualTo(4 * SvgChart.PLOT_WIDTH);
        final double[] ys = Arrays.stream(points).mapToDouble(p -> Double.parseDouble(p.split(",")[1])).toArray();
        // The score axis spans the spikes with 8 % air: top at 9.0, bottom at -7.0.
        assertThat(Arrays.stream(ys).min().orElseThrow()).isCloseTo(SvgChart.TOP + 158 * 0.08 / 1.16,
                offset(0.01));
        assertThat(Arrays.stream(ys).max().orElseThrow()).isCloseTo(SvgChart.TOP + 158 * 1.08 / 1.16,
                offset(0.01));
    }

    @Test
    void bandIsTheStandardErrorRecoveredFromZAndApproximateOnlyWhereZIsZero() {
        final ConceptBucketStats judged = concept(1.3, 1.0, 0.5, 3.0, 100);
        final ConceptBucketStats onReference = concept(1.0, 1.0, 0.5, 0.0, 100);

        assertThat(Track.standardError(judged)).isCloseTo(0.1, offset(1e-12));
        assertThat(Track.standardError(onReference)).isEqualTo(0.05);
        assertThat(Xhtml.parse(HtmlReport.render("t", buckets(3, i -> false, i -> 1.0), List.of()))
                .text("//figcaption")).contains("approximate band");
    }

    /** A prompt-adjusted mean is what z is of: the band is recovered from it, and the chart draws it beside the bucket mean. */
    @Test
    void withAPromptAdjustedMeanTheBandIsItsAndBothMeansAreDrawn() {
        final ConceptBucketStats adjusted = conceptBuilder(1.8, 1.0, 0.5, 3.0, 100).setJudgedMean(1.3).build();
        assertThat(Track.standardError(adjusted)).isCloseTo(0.1, offset(1e-12));

        final List<SegmentStats> buckets = IntStream.range(0, 3).mapToObj(i -> bucket(SEGMENT, i, false,
                conceptBuilder(1.5, 1.0, 0.5, 1.0, 10).setJudgedMean(1.0 + Math.sqrt(0.025)).build())).toList();
        final Xhtml page = Xhtml.parse(HtmlReport.render("t", buckets, List.of()));
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='polyline'][@class='judged']")).hasSize(1);
        assertThat(page.all("(//figure)[1]/*[local-name()='svg'][1]/*[local-name()='polyline'][@class='mean']")).hasSize(1);
        assertThat(page.text("//figcaption")).doesNotContain("approximate band");
        // Without it, a chart has no adjusted line.
        assertThat(Xhtml.parse(HtmlReport.render("t", buckets(3, i -> false, i -> 1.2), List.of()))
                .all("//*[local-name()='polyline'][@class='judged']")).isEmpty();
    }

    @Test
    void writesTheRenderedPageAsUtf8(@TempDir final Path dir) throws Exception {
        final ReportSamples.Sample sample = ReportSamples.sample();
        final Path out = dir.resolve("report.html");

        HtmlReport.write(out, "t ±", sample.buckets(), sample.alerts());

        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo(HtmlReport.render("t ±", sample.buckets(), sample.alerts()));
    }

    /** {@code n} one-minute buckets of {@link #SEGMENT} from {@link ReportSamples#START}. */
    private static List<SegmentStats> buckets(final int n, final IntPredicate calibrating,
                                              final IntFunction<Double> mean) {
        return IntStream.range(0, n).mapToObj(i -> bucket(SEGMENT, i, calibrating.test(i), mean.apply(i))).toList();
    }

    private static SegmentStats bucket(final Map<String, String> segment, final int minute, final boolean calibrating,
                                       final double mean) {
        return bucket(segment, minute, calibrating, calibrating ? concept(mean, null, null, null, 10)
                : concept(mean, 1.0, 0.5, (mean - 1.0) / Math.sqrt(0.025), 10));
    }

    private static SegmentStats bucket(final Map<String, String> segment, final int minute, final boolean calibrating,
                                       final ConceptBucketStats c) {
        return SegmentStats.newBuilder().setSegment(segment).setSegmentKey(Track.label(segment))
                .setWindowStart(minute(minute)).setWindowEnd(minute(minute + 1)).setCount(10)
                .setCalibrating(calibrating).setConcepts(List.of(c)).build();
    }

    private static ConceptBucketStats concept(final double mean, final Double referenceMean, final Double spread,
                                              final Double z, final long count) {
        return conceptBuilder(mean, referenceMean, spread, z, count).build();
    }

    private static ConceptBucketStats.Builder conceptBuilder(final double mean, final Double referenceMean, final Double spread,
                                                             final Double z, final long count) {
        final boolean calibrating = referenceMean == null;
        return ConceptBucketStats.newBuilder().setConcept("c").setCount(count).setSum(mean * count)
                .setSumSquares(mean * mean * count).setMean(mean).setReferenceMean(referenceMean)
                .setReferenceSpread(spread).setStandardized(z).setCusum(calibrating ? null : Math.max(0, z))
                .setThreshold(calibrating ? null : 8.0);
    }

    private static DriftAlert alert(final String id, final AlertState state, final int evidenceMinute,
                                    final int eventMinute, final String detector) {
        return alert(id, state, evidenceMinute, eventMinute, detector, "c");
    }

    private static DriftAlert alert(final String id, final AlertState state, final int evidenceMinute,
                                    final int eventMinute, final String detector, final String concept) {
        return DriftAlert.newBuilder().setAlertId(id).setState(state).setDetector(detector).setConcept(concept)
                .setSegment(SEGMENT).setEventTime(minute(eventMinute)).setWindowStart(minute(evidenceMinute))
                .setWindowEnd(minute(eventMinute)).setStatistic(state == AlertState.UPDATE ? 12.0 : 9.0)
                .setThreshold(8.0).setObservedMean(1.2).setReferenceMean(1.0).setEffectSize(0.4).setSampleCount(300)
                .setExemplars(List.of()).setExplainedBy(List.of()).setDetails(Map.of())
                .setMessage(state + " " + detector).build();
    }
}
