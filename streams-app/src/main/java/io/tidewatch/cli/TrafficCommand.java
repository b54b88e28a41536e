package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.demo.TopicCorpus;
import io.tidewatch.demo.TrafficSimulator;
import io.tidewatch.kafka.TrafficLoop;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Feeds the demo traffic to a real cluster in real time (event time = wall clock), for the
 * docker compose stack and for trying tidewatch against your own Kafka; or writes it to a JSON
 * Lines file at once, for replays and load runs.
 */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = "Produce the demo's generated traffic to a Kafka cluster in real time, or write it to a JSON Lines file; "
                + "assistant-v2 drifts after a warm-up.",
        footer = {"", "Examples:", "  TIDEWATCH_BOOTSTRAP_SERVERS=kafka:9092 TIDEWATCH_SCHEMA_REGISTRY_URL=http://registry:8081 \\",
                "    ./tidewatch traffic --rate 10 --drift-after 40m",
                "  ./tidewatch traffic --out demo.jsonl --rate 10 --duration 2h   # 72,000 turns from 2026-05-01T00:00:00Z",
                "  ./tidewatch traffic --out week.jsonl --profile realistic --rate 0.2 --duration 7d --drift-after 8d --surge-after 3d"})
final class TrafficCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file; TIDEWATCH_* variables and --set override it.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "TURNS_PER_SECOND", defaultValue = "10",
            description = "Turns per second, both models together. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--drift-after", paramLabel = "DURATION", defaultValue = "40m", converter = DurationConverter.class,
            description = "When assistant-v2 starts drifting. Default: ${DEFAULT-VALUE}.")
    Duration driftAfter;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to run; 0s runs until stopped. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "demo",
            description = "With --out: 'demo' (the demo's two models, replies only) or 'realistic' (the traffic simulator: prompts and "
                    + "replies on six everyday topics, daily and weekly cycles, heavy conversations, tenant bursts). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--surge-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --profile realistic: from then on, for 6 hours, 30% of assistant-v1's conversations discuss AI moral status "
                    + "without taking a side (a topic surge; the model is unchanged).")
    Duration surgeAfter;

    @Option(names = "--out", paramLabel = "FILE.jsonl",
            description = "Write the traffic to this file in the turn format instead, at once, with event time from "
                    + "2026-05-01T00:00:00Z; --duration (required) is the event time it spans.")
    Path out;

    /** Start of the event time of traffic written to a file, fixed so that the same flags give the same file. */
    static final Instant FILE_START = Instant.parse("2026-05-01T00:00:00Z");

    @Override
    public Integer call() throws InterruptedException {
        if (rate <= 0 || driftAfter.isNegative() || duration.isNegative()) {
            throw new ConfigException("--rate must be positive; --drift-after and --duration must not be negative");
        }
        if (!List.of("demo", "realistic").contains(profile)) {
            throw new ConfigException("--profile must be demo or realistic, got '" + profile + "'");
        }
        if (out == null && (!"demo".equals(profile) || surgeAfter != null)) {
            throw new ConfigException("--profile realistic and --surge-after write a file: give --out FILE.jsonl");
        }
        if (surgeAfter != null && !"realistic".equals(profile)) {
            throw new ConfigException("--surge-after needs --profile realistic");
        }
        if (out != null) {
            return "realistic".equals(profile) ? writeSimulated() : writeFile();
        }
        final AppConfig settings = Overrides.apply((config == null ? AppConfig.defaults() : AppConfig.fromFile(config))
                .withEnvironment(System.getenv()), overrides);
        final Properties producerConfig = settings.kafkaProperties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require(Setting.BOOTSTRAP_SERVERS));
        final long produced = new TrafficLoop(new DemoTraffic(plan(Instant.now().truncatedTo(ChronoUnit.SECONDS))),
                TidewatchApp.avroSerdes(settings).forType(ConversationTurn.class), spec.commandLine().getOut())
                .run(producerConfig, settings.string(Setting.TOPIC_TURNS), rate, duration, index -> true);
        spec.commandLine().getOut().printf("traffic stopped after %d turns%n", produced);
        return 0;
    }

    private Integer writeFile() {
        if (duration.isZero()) {
            throw new ConfigException("--out needs --duration: the event time the file spans");
        }
        final DemoTraffic traffic = new DemoTraffic(plan(FILE_START));
        final long turns = (long) Math.floor(rate * duration.toMillis() / 1000.0);
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (long i = 0; i < turns; i++) {
                writer.write(RecordJson.line(traffic.turn(i)));
                writer.newLine();
            }
        } catch (final IOException e) {
            throw new ConfigException("cannot write " + out + ": " + e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %d turns to %s%n", turns, out);
        return 0;
    }

    /**
     * The traffic simulator's turns, with prompts: assistant-v1 and assistant-v2 at {@code rate}
     * turns per second together on average over a week; assistant-v2 drifts as in the demo (toward
     * model-rights advocacy, 30% after a 30-minute ramp), assistant-v1 may see a topic surge.
     */
    private Integer writeSimulated() {
        if (duration.isZero()) {
            throw new ConfigException("--out needs --duration: the event time the file spans");
        }
        final List<String> models = List.of(DemoTraffic.STEADY_MODEL, DemoTraffic.DRIFTING_MODEL);
        TrafficSimulator.Profile plan = TrafficSimulator.Profile.realistic(models, rate * 3600 / models.size())
                .withDrift(new TrafficSimulator.Drift(DemoTraffic.DRIFTING_MODEL, FILE_START.plus(driftAfter), Duration.ofMinutes(30), 0.3));
        if (surgeAfter != null) {
            plan = plan.withSurge(new TrafficSimulator.Surge(TopicCorpus.AI_TOPIC, DemoTraffic.STEADY_MODEL, FILE_START.plus(surgeAfter),
                    Duration.ofHours(6), 0.3));
        }
        final Map<String, TopicCorpus> corpora = TopicCorpus.TOPICS.stream().collect(Collectors.toMap(t -> t, TopicCorpus::load));
        final List<TrafficSimulator.Turn> turns = new TrafficSimulator(plan, corpora.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()))).turns(FILE_START, duration, 42L);
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (final TrafficSimulator.Turn turn : turns) {
                final TopicCorpus corpus = corpora.get(turn.topic());
                writer.write(RecordJson.line(ConversationTurn.newBuilder().setConversationId(turn.conversationId()).setTurn(turn.turn())
                        .setTimestamp(Instant.ofEpochMilli(turn.timestamp())).setModel(turn.model())
                        .setPrompt(corpus.prompts().get(turn.pair())).setResponse(corpus.replies().get(turn.pair()))
                        .setTenant(turn.tenant()).setLocale("en-US").setAttributes(Map.of()).build()));
                writer.newLine();
            }
        } catch (final IOException e) {
            throw new ConfigException("cannot write " + out + ": " + e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %d turns to %s%n", turns.size(), out);
        return 0;
    }

    /** Event time keeps pace with the rate: rate/2 turns per second per model. */
    private DemoTraffic.Plan plan(final Instant start) {
        final int turnsPerMinute = Math.max(1, (int) Math.round(rate * 30));
        return new DemoTraffic.Plan(start, turnsPerMinute, driftAfter, Duration.ofMinutes(30), 0.3, 42L);
    }
}
