package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.AlertTail;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TrafficLoop;
import io.tidewatch.registry.AvroSerdes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts an embedded Kafka broker, the app and a traffic generator where one model starts
 * drifting toward model-rights advocacy after a warm-up. Needs no services.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the app on an embedded Kafka broker with generated traffic; one model drifts.",
        footer = {"", "Example:", "  ./tidewatch demo --duration 5m --alerts-out alerts.jsonl"})
final class DemoCommand implements Callable<Integer> {

    private static final String REGISTRY_URL = "mock://demo";
    /** Turns produced but not yet consumed by the app; keeps the generator at the model's pace. */
    private static final int MAX_IN_FLIGHT = 128;

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class, description = "How long to run (wall clock). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Also write each alert event as one JSON line here.")
    Path alertsOut;

    @Option(names = "--rate", paramLabel = "TURNS_PER_SECOND", defaultValue = "40",
            description = "Most turns per second to generate (the model's pace may be lower). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9404",
            description = "Port of the Prometheus endpoint; 0 disables it. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one app setting; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    DetectionOptions detection;

    @Override
    public Integer call() throws InterruptedException {
        if (duration.isNegative() || duration.isZero() || rate <= 0) {
            throw new ConfigException("--duration and --rate must be positive");
        }
        final PrintWriter out = spec.commandLine().getOut();
        // Event time runs ahead of the wall clock, ending in the past so that brokers accept it.
        final DemoTraffic traffic = new DemoTraffic(DemoTraffic.Plan.defaults(Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)));
        out.printf("tidewatch demo: %s steady, %s drifts after %s of event time; running %s%n",
                DemoTraffic.STEADY_MODEL, DemoTraffic.DRIFTING_MODEL, traffic.plan().driftStart(), duration);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = detection.applyTo(Overrides.apply(demoConfig(kafka.bootstrapServers()), overrides));
            final AvroSerdes serdes = TidewatchApp.avroSerdes(config);
            try (Embedder embedder = TidewatchApp.embedder(config);
                 TidewatchApp app = TidewatchApp.start(config, embedder);
                 AlertTail alerts = new AlertTail(kafka.bootstrapServers(), config.string(Setting.TOPIC_ALERTS), serdes, alertsOut, out)) {
                out.printf("metrics: http://localhost:%d/metrics%n", metricsPort);
                final long produced = produce(traffic, kafka.bootstrapServers(), config.string(Setting.TOPIC_TURNS), serdes, app, out);
                out.printf("demo finished: %d turns generated, %d alert events%s%n", produced, alerts.events(),
                        alertsOut == null ? "" : " (written to " + alertsOut + ")");
            }
        }
        return 0;
    }

    private AppConfig demoConfig(final String bootstrapServers) {
        return AppConfig.defaults()
                .with(Setting.APPLICATION_ID, "tidewatch-demo", "demo")
                .with(Setting.BOOTSTRAP_SERVERS, bootstrapServers, "demo")
                .with(Setting.SCHEMA_REGISTRY_URL, REGISTRY_URL, "demo")
                .with(Setting.TOPIC_PARTITIONS, "2", "demo")
                .with(Setting.REFERENCE_DURATION, "20m", "demo")
                .with(Setting.GRACE, "2m", "demo")
                .with(Setting.METRICS_PORT, Integer.toString(metricsPort), "--metrics-port");
    }

    private long produce(final DemoTraffic traffic, final String bootstrapServers, final String topic,
                         final AvroSerdes serdes, final TidewatchApp app, final PrintWriter out) throws InterruptedException {
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        final long produced = new TrafficLoop(traffic, serdes.forType(ConversationTurn.class), out)
                .run(producerConfig, topic, rate, duration, index -> index - app.metrics().turnsConsumed() < MAX_IN_FLIGHT);
        // Let the app finish the last batches before shutting down.
        Thread.sleep(3_000);
        return produced;
    }
}
