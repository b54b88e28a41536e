package io.tidewatch.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for embedded mode (demo, replay) and tests. Every {@code mock://NAME}
 * URL in one JVM names one shared instance, so the app and its producers agree on ids.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> BY_NAME = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new HashMap<>();

    /** The shared instance for {@code name}, created on first use. */
    public static InMemorySchemaRegistry named(final String name) {
        return BY_NAME.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new HashMap<>());
        final Integer known = ids.get(schema);
        if (known != null) {
            return known;
        }
        // Like the Confluent registry, identical schemas share one global id across subjects.
        int id = schemas.indexOf(schema);
        if (id < 0) {
            schemas.add(schema);
            id = schemas.size() - 1;
        }
        ids.put(schema, id + 1);
        return id + 1;
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        if (id < 1 || id > schemas.size()) {
            throw new UnknownSchemaException(id);
        }
        return schemas.get(id - 1);
    }
}
