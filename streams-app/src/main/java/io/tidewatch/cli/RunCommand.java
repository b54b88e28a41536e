package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.embed.Embedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs tidewatch against an existing Kafka cluster and schema registry until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run against an existing Kafka cluster and schema registry until stopped (Ctrl-C).",
        footer = {"", "Examples:", "  ./tidewatch run --config tidewatch.properties --false-alarm-budget 1/30d --set tidewatch.bucket=5m",
                "  TIDEWATCH_BOOTSTRAP_SERVERS=kafka:9092 TIDEWATCH_SCHEMA_REGISTRY_URL=http://registry:8081 ./tidewatch run"})
final class RunCommand implements Callable<Integer> {

    /** Longer than the app's own close limit (30 s), so that limit decides. */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(40);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file of key=value lines (see the settings table in docs/operations.md). "
                    + "TIDEWATCH_* environment variables override it; --set overrides both.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    DetectionOptions detection;

    @Override
    public Integer call() throws InterruptedException {
        final AppConfig base = config == null ? AppConfig.defaults() : AppConfig.fromFile(config);
        final AppConfig settings = detection.applyTo(Overrides.apply(base.withEnvironment(System.getenv()), overrides));
        settings.require(Setting.BOOTSTRAP_SERVERS);
        settings.require(Setting.SCHEMA_REGISTRY_URL);
        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        try (Embedder embedder = TidewatchApp.embedder(settings);
             TidewatchApp app = TidewatchApp.start(settings, embedder)) {
            // The JVM halts once its shutdown hooks return: this one waits until the app has closed
            // (committed and left its group), else SIGTERM would cut the close short.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(CLOSE_LIMIT.toSeconds(), TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tidewatch-shutdown"));
            stopped.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
