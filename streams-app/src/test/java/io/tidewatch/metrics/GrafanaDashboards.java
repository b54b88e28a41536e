package io.tidewatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The dashboards and datasources provisioned from grafana/, read the way Grafana reads them. */
final class GrafanaDashboards {

    /** Grafana's own variables the dashboards use, with the value a one-second scrape interval gives them. */
    static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "30s");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaDashboards() {
    }

    record Dashboard(String file, JsonNode json) {

        String uid() {
            return json.path("uid").asText();
        }

        /** Every panel, with the panels of rows flattened in. */
        List<JsonNode> panels() {
            final List<JsonNode> panels = new ArrayList<>();
            json.path("panels").forEach(panel -> {
                panels.add(panel);
                panel.path("panels").forEach(panels::add);
            });
            return panels;
        }

        List<Target> targets() {
            final List<Target> targets = new ArrayList<>();
            for (final JsonNode panel : panels()) {
                panel.path("targets").forEach(t -> targets.add(new Target(panel.path("title").asText(), t.path("refId").asText(),
                        t.path("expr").asText())));
            }
            return targets;
        }

        /** Template variables in dashboard order, which is the order Grafana resolves them in. */
        List<Variable> variables() {
            final List<Variable> variables = new ArrayList<>();
            json.path("templating").path("list").forEach(v -> variables.add(new Variable(v.path("name").asText(),
                    v.path("definition").asText(v.path("query").path("query").asText()))));
            return variables;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    record Target(String panel, String refId, String expr) {
    }

    /** A query variable; the dashboards use label_values(selector, label) only. */
    record Variable(String name, String query) {

        private Matcher parsed() {
            final Matcher m = LABEL_VALUES.matcher(query);
            if (!m.matches()) {
                throw new AssertionError("variable " + name + ": expected label_values(selector, label), got " + query);
            }
            return m;
        }

        String selector() {
            return parsed().group(1).strip();
        }

        String label() {
            return parsed().group(2);
        }
    }

    static List<Dashboard> load() {
        try (Stream<Path> files = Files.list(TestEnvironment.path("grafana/dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .map(f -> new Dashboard(f.getFileName().toString(), read(JSON, f))).toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Provisioned datasources: uid to type. */
    static Map<String, String> datasources() {
        final Map<String, String> datasources = new TreeMap<>();
        try (Stream<Path> files = Files.list(TestEnvironment.path("grafana/provisioning/datasources"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> read(new YAMLMapper(), f).path("datasources")
                    .forEach(ds -> datasources.put(ds.path("uid").asText(), ds.path("type").asText())));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return datasources;
    }

    private static JsonNode read(final ObjectMapper mapper, final Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Names of the variables {@code text} refers to, as $name or ${name}. */
    static Set<String> uses(final String text) {
        final Set<String> names = new LinkedHashSet<>();
        final Matcher m = VARIABLE_USE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /** {@code text} with each variable replaced by its value, as Grafana interpolates a query. */
    static String substitute(final String text, final Map<String, String> values) {
        final Matcher m = VARIABLE_USE.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String name = m.group(1) != null ? m.group(1) : m.group(2);
            final String value = BUILT_INS.containsKey(name) ? BUILT_INS.get(name) : values.get(name);
            if (value == null) {
                throw new AssertionError("$" + name + " in " + text + " is neither a dashboard variable nor a Grafana built-in");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
