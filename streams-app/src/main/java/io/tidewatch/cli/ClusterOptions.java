package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a command that talks to the live cluster finds it: the app's settings file, the brokers, overrides. */
final class ClusterOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file of the app (bootstrap.servers, schema.registry.url, topics, security).")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers; overrides the settings file.")
    String bootstrapServers;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
    List<String> overrides = new ArrayList<>();

    /** Whether any of these options was given. */
    boolean given() {
        return config != null || bootstrapServers != null || !overrides.isEmpty();
    }

    /** The app's settings with these options applied; brokers and registry required. */
    AppConfig settings() {
        AppConfig settings = (config == null ? AppConfig.defaults() : AppConfig.fromFile(config)).withEnvironment(System.getenv());
        if (bootstrapServers != null) {
            settings = settings.with(Setting.BOOTSTRAP_SERVERS, bootstrapServers, "--bootstrap-servers");
        }
        settings = Overrides.apply(settings, overrides);
        settings.require(Setting.BOOTSTRAP_SERVERS);
        settings.require(Setting.SCHEMA_REGISTRY_URL);
        return settings;
    }
}
