package io.tidewatch.testkit;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import java.util.UUID;

/** Settings of an app under test: its own application id and in-memory registry, no metrics endpoint. */
public final class TestApps {

    private TestApps() {
    }

    /**
     * The defaults, on {@code bootstrapServers}, with an application id and a {@code mock://}
     * registry of their own (named after {@code name}), so tests sharing a broker or a JVM do not
     * meet; the metrics endpoint is off.
     */
    public static AppConfig config(final String name, final String bootstrapServers) {
        return AppConfig.defaults()
                .with(Setting.APPLICATION_ID, name + "-" + UUID.randomUUID(), "test")
                .with(Setting.BOOTSTRAP_SERVERS, bootstrapServers, "test")
                .with(Setting.SCHEMA_REGISTRY_URL, "mock://" + name + "-" + UUID.randomUUID(), "test")
                .with(Setting.METRICS_PORT, "0", "test");
    }
}
