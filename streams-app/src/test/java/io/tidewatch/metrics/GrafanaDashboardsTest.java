package io.tidewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Grafana needs to load the dashboards at all; {@link DashboardsShowDataIT} proves they show data. */
class GrafanaDashboardsTest {

    private final List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.load();

    @Test
    void theThreeDashboardsHaveUniqueUids() {
        final List<String> uids = dashboards.stream().map(GrafanaDashboards.Dashboard::uid).toList();
        // Grafana keeps one dashboard per uid: a duplicate silently hides the other.
        assertThat(uids).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                "tidewatch-drift-overview", "tidewatch-concept-detail", "tidewatch-pipeline-health");
    }

    @Test
    void everyDatasourceReferenceNamesAProvisionedDatasource() {
        final Map<String, String> provisioned = GrafanaDashboards.datasources();
        assertThat(provisioned).isNotEmpty();
        for (final GrafanaDashboards.Dashboard dashboard : dashboards) {
            final List<JsonNode> references = dashboard.json().findValues("datasource");
            assertThat(references).as("datasource references in %s", dashboard).isNotEmpty();
            assertThat(references).allSatisfy(ref -> {
                assertThat(provisioned).as("datasource uid %s in %s", ref, dashboard).containsKey(ref.path("uid").asText());
                assertThat(ref.path("type").asText()).as("type of %s in %s", ref, dashboard).isEqualTo(provisioned.get(ref.path("uid").asText()));
            });
        }
    }

    @Test
    void everyPanelHasAUniqueIdAndAPrometheusQuery() {
        for (final GrafanaDashboards.Dashboard dashboard : dashboards) {
            final List<Integer> ids = dashboard.panels().stream().map(p -> p.path("id").asInt()).toList();
            assertThat(ids).as("panel ids in %s", dashboard).doesNotHaveDuplicates();
            dashboard.panels().stream().filter(p -> !"row".equals(p.path("type").asText())).forEach(panel -> {
                final List<String> refIds = new ArrayList<>();
                panel.path("targets").forEach(t -> refIds.add(t.path("refId").asText()));
                assertThat(refIds).as("queries of panel '%s' in %s", panel.path("title").asText(), dashboard)
                        .isNotEmpty().doesNotHaveDuplicates();
                panel.path("targets").forEach(t -> assertThat(t.path("expr").asText())
                        .as("expression of panel '%s' in %s", panel.path("title").asText(), dashboard).isNotBlank());
            });
        }
    }

    @Test
    void everyVariableIsDefinedBeforeItIsUsed() {
        for (final GrafanaDashboards.Dashboard dashboard : dashboards) {
            final Set<String> defined = new HashSet<>(GrafanaDashboards.BUILT_INS.keySet());
            for (final GrafanaDashboards.Variable variable : dashboard.variables()) {
                // Grafana resolves variables in order: a query may only use the ones above it.
                assertThat(defined).as("variables used by $%s in %s", variable.name(), dashboard)
                        .containsAll(GrafanaDashboards.uses(variable.query()));
                assertThat(variable.label()).as("label of $%s", variable.name()).isNotBlank();
                defined.add(variable.name());
            }
            for (final GrafanaDashboards.Target target : dashboard.targets()) {
                assertThat(defined).as("variables used by panel '%s' %s in %s", target.panel(), target.refId(), dashboard)
                        .containsAll(GrafanaDashboards.uses(target.expr()));
            }
        }
    }
}
