package io.tidewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.testkit.Await;
import io.tidewatch.testkit.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a running app (real embedded broker, the demo's traffic, one segment
 * drifting, no bad record: a healthy deployment) and loads the pipeline rules; then every PromQL expression of every dashboard panel is
 * evaluated through Prometheus' HTTP API, for every value its template variables offer, and must
 * return data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsShowDataIT {

    /** What must be in Prometheus before the panels are judged. */
    private static final List<String> READY = List.of(
            // The drift has alarmed.
            "tidewatch_alert_active == 1",
            // Panels plot rates over $__rate_interval (30 s here): that much scraped history.
            "count_over_time(tidewatch_turns_consumed_total[30s]) >= 20",
            // A rate needs two scrapes of a counter; on a healthy run the dead-letter and alert-event
            // counters are exported at zero from the start, or their panels would show no data.
            "count_over_time(tidewatch_dead_letters_total[30s]) >= 2",
            "count_over_time(tidewatch_alert_events_total[30s]) >= 2",
            // Both segments have had an unexplained-shift window judged, seven scrapes ago at least:
            // panels are evaluated every 5 s, and a series younger than that may fall between two steps.
            "count(count_over_time(tidewatch_unexplained_shift_size[15s]) >= 7) >= 2",
            // The drift has opened an unexplained shift too, whose key terms a table shows.
            "count_over_time(tidewatch_unexplained_shift_terms[15s]) >= 7");
    private static final Pattern RULE_METRIC = Pattern.compile("\\b(tidewatch_\\w+|up)\\b");
    private static final String DRIFTING = "model=" + DemoTraffic.DRIFTING_MODEL;
    private static final String STEADY = "model=" + DemoTraffic.STEADY_MODEL;

    @TempDir
    static Path work;
    private DriftRun run;
    private PrometheusServer prometheus;
    private final List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.load();

    @BeforeAll
    void startAnAppWithADriftAndAPrometheusScrapingIt() throws Exception {
        final int metricsPort = TestEnvironment.freePort();
        prometheus = PrometheusServer.start(work, TestEnvironment.path("docker/prometheus/rules.yml"), List.of("127.0.0.1:" + metricsPort));
        run = DriftRun.start(Map.of());
        run.startInstance(metricsPort);
        run.startTraffic();
        Await.until("Prometheus holds " + READY, Duration.ofMinutes(3), this::notYetInPrometheus, List::isEmpty);
    }

    private List<String> notYetInPrometheus() {
        return READY.stream().filter(expr -> prometheus.query(expr).isEmpty()).toList();
    }

    @AfterAll
    void stop() {
        if (run != null) {
            run.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void theDriftingSegmentShowsAnOpenAlertAndTheSteadyOneShowsNone() {
        assertThat(prometheus.query("tidewatch_alert_active == 1"))
                .extracting(series -> series.path("metric").path("segment").asText()).isNotEmpty().containsOnly(DRIFTING);
        assertThat(prometheus.query("tidewatch_alert_active{segment=\"" + DRIFTING + "\",concept=\"model-rights-advocacy\"} == 1")).isNotEmpty();
        // Every concept and detector of the steady segment is exported, and none is alarming.
        assertThat(prometheus.query("tidewatch_alert_active{segment=\"" + STEADY + "\"} == 0"))
                .hasSameSizeAs(prometheus.query("tidewatch_alert_active{segment=\"" + STEADY + "\"}")).isNotEmpty();
    }

    @Test
    void theConceptDetailVariablesOfferTheMonitoredConceptsAndBothSegments() {
        final GrafanaDashboards.Dashboard detail = dashboards.stream().filter(d -> d.uid().equals("tidewatch-concept-detail"))
                .findFirst().orElseThrow();
        assertThat(bindings(detail)).extracting(b -> b.get("concept") + " / " + b.get("segment"))
                .contains("model-rights-advocacy / " + STEADY, "model-rights-advocacy / " + DRIFTING);
    }

    @Test
    void everyPanelExpressionParsesAndReturnsDataForEveryValueOfItsVariables() {
        final List<String> failures = new ArrayList<>();
        int evaluated = 0;
        for (final GrafanaDashboards.Dashboard dashboard : dashboards) {
            for (final Map<String, String> binding : bindings(dashboard)) {
                for (final GrafanaDashboards.Target target : dashboard.targets()) {
                    judge(dashboard, target, binding).ifPresent(failures::add);
                    evaluated++;
                }
            }
        }
        assertThat(failures).as("panels without data, of %d evaluated", evaluated).isEmpty();
        assertThat(evaluated).isPositive();
    }

    /** Why the panel query fails an operator, if it does. */
    private Optional<String> judge(final GrafanaDashboards.Dashboard dashboard, final GrafanaDashboards.Target target,
                                   final Map<String, String> binding) {
        final String expr = GrafanaDashboards.substitute(target.expr(), binding);
        final String where = dashboard + " / '" + target.panel() + "' " + target.refId() + " " + binding + ": " + expr;
        final List<JsonNode> series;
        try {
            series = prometheus.queryRange(expr, Duration.ofMinutes(1), Duration.ofSeconds(5));
        } catch (final AssertionError e) {
            return Optional.of(where + " -> " + e.getMessage());
        }
        return hasNumbers(series) ? Optional.empty() : Optional.of(where + " -> no data" + (series.isEmpty() ? "" : ", only " + series));
    }

    private static boolean hasNumbers(final List<JsonNode> series) {
        for (final JsonNode s : series) {
            for (final JsonNode point : s.path("values")) {
                if (Double.isFinite(point.path(1).asDouble(Double.NaN))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every combination of values the dashboard's variables offer, resolved in order as Grafana does. */
    private List<Map<String, String>> bindings(final GrafanaDashboards.Dashboard dashboard) {
        List<Map<String, String>> bindings = List.of(Map.of());
        for (final GrafanaDashboards.Variable variable : dashboard.variables()) {
            final List<Map<String, String>> extended = new ArrayList<>();
            for (final Map<String, String> binding : bindings) {
                final List<String> values = prometheus.labelValues(variable.label(), GrafanaDashboards.substitute(variable.selector(), binding));
                assertThat(values).as("values of $%s in %s given %s", variable.name(), dashboard, binding).isNotEmpty();
                for (final String value : values) {
                    final Map<String, String> next = new HashMap<>(binding);
                    next.put(variable.name(), value);
                    extended.add(next);
                }
            }
            bindings = extended;
        }
        return bindings;
    }

    @Test
    void thePipelineRulesEvaluateCleanlyReadExistingMetricsAndStayQuietOnAHealthyRun() {
        final List<JsonNode> rules = prometheus.rules();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule.path("health").asText())
                .as("%s: %s", rule.path("name").asText(), rule.path("lastError").asText()).isEqualTo("ok"));
        assertThat(prometheus.alerts()).as("pipeline alerts pending or firing on a healthy run").isEmpty();
        // A rule reading a renamed metric would never fire.
        final Set<String> metrics = new TreeSet<>();
        rules.forEach(rule -> {
            final Matcher m = RULE_METRIC.matcher(rule.path("query").asText());
            while (m.find()) {
                metrics.add(m.group(1));
            }
        });
        assertThat(metrics).allSatisfy(metric -> assertThat(prometheus.query("count({__name__=\"" + metric + "\"})"))
                .as("series of %s, which a rule reads", metric).isNotEmpty());
    }
}
