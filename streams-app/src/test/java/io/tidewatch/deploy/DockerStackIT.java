package io.tidewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.cli.TidewatchCommand;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here to run the stack, so this checks what can drift between the
 * stack's files and the code: every setting and variable exists, commands parse, ports and
 * host names agree across services, and every file the stack copies or mounts exists.
 */
class DockerStackIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final String APP_IMAGE = "tidewatch:local";

    private static Map<String, Map<String, Object>> services;
    private static List<String> dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(DOCKER.resolve("compose.yaml"))) {
            services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(in).get("services");
        }
        dockerfile = Files.readAllLines(DOCKER.resolve("Dockerfile"));
    }

    private static Map<String, Map<String, Object>> appServices() {
        final Map<String, Map<String, Object>> app = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (APP_IMAGE.equals(service.get("image"))) {
                app.put(name, service);
            }
        });
        return app;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(final Map<String, Object> service) {
        final Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    private static AppConfig configOf(final Map<String, Object> service) {
        return AppConfig.defaults().withEnvironment(environment(service));
    }

    @Test
    void everyTidewatchServiceUsesOnlyKnownSettingsWithUsableValues() {
        assertThat(appServices()).containsKeys("tidewatch-1", "tidewatch-2", "traffic");
        appServices().forEach((name, service) -> {
            final AppConfig config = configOf(service);
            assertThat(config.duration(Setting.REFERENCE_DURATION)).as(name).isPositive();
            assertThat(config.integer(Setting.TOPIC_PARTITIONS)).as(name).isPositive();
            assertThat(config.integer(Setting.METRICS_PORT)).as(name).isPositive();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTidewatchCommandParses() {
        appServices().forEach((name, service) -> {
            final List<String> command = (List<String>) service.getOrDefault("command", List.of("run"));
            TidewatchCommand.commandLine().parseArgs(command.toArray(String[]::new));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlertmanagerBridgePostsToTheStacksAlertmanagerWithItsRouting() {
        final List<String> command = (List<String>) services.get("alertmanager-bridge").get("command");
        final URI alertmanager = URI.create(command.get(command.indexOf("--url") + 1));
        assertThat(services).containsKey(alertmanager.getHost());
        assertThat((List<String>) services.get(alertmanager.getHost()).get("ports")).anyMatch(p -> p.endsWith(":" + alertmanager.getPort()));
        assertThat((List<String>) services.get(alertmanager.getHost()).get("volumes"))
                .contains("./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");
    }

    @Test
    void bothInstancesShareOneApplicationIdSoTheySplitTheWork() {
        assertThat(configOf(services.get("tidewatch-1")).string(Setting.APPLICATION_ID))
                .isEqualTo(configOf(services.get("tidewatch-2")).string(Setting.APPLICATION_ID));
    }

    @Test
    @SuppressWarnings("unchecked")
    void portsAndHostNamesAgreeAcrossServices() throws IOException {
        for (final String name : List.of("tidewatch-1", "tidewatch-2")) {
            final AppConfig config = configOf(services.get(name));
            final int metricsPort = config.integer(Setting.METRICS_PORT);
            assertThat((List<String>) services.get(name).get("ports")).as(name + " publishes its metrics port")
                    .isNotEmpty().allMatch(p -> p.endsWith(":" + metricsPort));
            final String bootstrap = config.string(Setting.BOOTSTRAP_SERVERS);
            assertThat(environment(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap);
            final URI registry = URI.create(config.string(Setting.SCHEMA_REGISTRY_URL));
            assertThat(services).containsKey(registry.getHost());
            assertThat(environment(services.get(registry.getHost())).get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        }
        final String scrape = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
        assertThat(scrape).contains("job_name: tidewatch", "\"tidewatch-1:9404\"", "\"tidewatch-2:9404\"");
        assertThat(Files.readString(DOCKER.resolve("prometheus/rules.yml"))).contains("job=\"tidewatch\"");
        assertThat(Files.readString(ROOT.resolve("grafana/provisioning/datasources/prometheus.yaml"))).contains("url: http://prometheus:9090");
        assertThat((List<String>) services.get("prometheus").get("ports")).contains("9090:9090");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedFileExists() {
        services.forEach((name, service) -> {
            for (final String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
                final String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DOCKER.resolve(source).normalize()).as(name + " mounts " + source).exists();
                }
            }
        });
    }

    @Test
    void theDockerfileCopiesWhatExistsExposesTheMetricsPortAndSetsOnlyKnownVariables() {
        final Pattern copy = Pattern.compile("^COPY (?!--from)(.+) \\S+$");
        final List<String> sources = new ArrayList<>();
        dockerfile.forEach(line -> {
            final Matcher m = copy.matcher(line);
            if (m.matches()) {
                sources.addAll(List.of(m.group(1).split(" ")));
            }
        });
        assertThat(sources).isNotEmpty().allSatisfy(s -> assertThat(ROOT.resolve(s)).as("COPY " + s).exists());
        final int defaultPort = Integer.parseInt(Setting.METRICS_PORT.defaultValue());
        assertThat(dockerfile).contains("EXPOSE " + defaultPort);
        final Map<String, String> env = new LinkedHashMap<>();
        final Matcher vars = Pattern.compile("(TIDEWATCH_[A-Z_]+)=(\\S+)").matcher(String.join("\n", dockerfile));
        while (vars.find()) {
            env.put(vars.group(1), vars.group(2));
        }
        assertThat(env).containsEntry(Setting.METRICS_PORT.environmentVariable(), Integer.toString(defaultPort));
        assertThat(AppConfig.defaults().withEnvironment(env).string(Setting.STATE_DIR)).startsWith("/var/lib/tidewatch");
        assertThat(dockerfile).anyMatch(l -> l.startsWith("USER ") && !l.equals("USER root"));
        assertThat(dockerfile).anyMatch(l -> l.startsWith("HEALTHCHECK "));
    }
}
