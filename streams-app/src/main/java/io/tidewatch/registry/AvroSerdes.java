package io.tidewatch.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** The one place serdes come from: a registry client and the settings every serde shares. */
public final class AvroSerdes {

    private final SchemaRegistry registry;
    private final SerdeSettings settings;

    public AvroSerdes(final SchemaRegistry registry, final SerdeSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** Serdes configured by Confluent's keys ({@link RegistryConfig}) in {@code config}; other keys are ignored. */
    public static AvroSerdes fromConfig(final Map<?, ?> config) {
        final RegistryConfig parsed = RegistryConfig.parse(config);
        return new AvroSerdes(parsed.client(), parsed.serde());
    }

    public <T extends SpecificRecord> AvroWireSerde<T> forType(final Class<T> type) {
        return new AvroWireSerde<>(registry, settings, type);
    }
}
