package io.tidewatch.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.avro.Schema;

/**
 * A registry held in memory, with the semantics of Confluent's: global ids shared across subjects,
 * versions per subject, and compatibility enforced on registration (BACKWARD unless configured).
 * Used by embedded mode (demo, replay) and as the store behind the tests' HTTP registry. Every
 * {@code mock://NAME} URL in one JVM names one shared instance, so the app and its producers agree on ids.
 *
 * <p>A schema's GUID is a name-based UUID of its text, so a schema has the same GUID in every
 * instance and after every restart (Confluent's registry draws them at random; nothing may rely on
 * how a GUID is made, only that it names one schema).
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> BY_NAME = new ConcurrentHashMap<>();
    private static final int LATEST = -1;

    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<UUID, Integer> idsByGuid = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();
    private final Map<String, Compatibility> subjectCompatibility = new HashMap<>();
    private Compatibility globalCompatibility = Compatibility.BACKWARD;

    /** The shared instance for {@code name}, created on first use. */
    public static InMemorySchemaRegistry named(final String name) {
        return BY_NAME.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
        final Optional<Integer> known = ids.stream().filter(id -> schemasById.get(id - 1).equals(schema)).findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        final List<String> problems = compatibility(subject).incompatibilities(schema, schemas(ids));
        if (!problems.isEmpty()) {
            throw new RegistryErrorException(RegistryError.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + problems);
        }
        final int id = globalId(schema);
        idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(final String subject, final Schema schema) {
        final List<Integer> ids = idsOf(subject);
        return IntStream.range(0, ids.size()).filter(i -> schemasById.get(ids.get(i) - 1).equals(schema)).boxed().findFirst()
                .map(i -> version(subject, i + 1))
                .orElseThrow(() -> new RegistryErrorException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        return version(subject, LATEST);
    }

    /** Version {@code version} (1-based, or -1 for the latest) of {@code subject}. */
    public synchronized RegisteredSchema version(final String subject, final int version) {
        final List<Integer> ids = idsOf(subject);
        final int number = version == LATEST ? ids.size() : version;
        if (number < 1 || number > ids.size()) {
            throw new RegistryErrorException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        final int id = ids.get(number - 1);
        return new RegisteredSchema(subject, number, id, schemasById.get(id - 1));
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new UnknownSchemaException(WireSchemaId.ofId(id), "not found");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized Schema schemaByGuid(final UUID guid) {
        final Integer id = idsByGuid.get(guid);
        if (id == null) {
            throw new UnknownSchemaException(WireSchemaId.ofGuid(guid), "not found");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized UUID guid(final int id) {
        return guidOf(schemaById(id));
    }

    private static UUID guidOf(final Schema schema) {
        return UUID.nameUUIDFromBytes(schema.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized List<String> incompatibilities(final String subject, final Schema schema) {
        return compatibility(subject).incompatibilities(schema, schemas(idsOf(subject)));
    }

    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The version numbers of {@code subject}, oldest first. */
    public synchronized List<Integer> versions(final String subject) {
        return IntStream.rangeClosed(1, idsOf(subject).size()).boxed().toList();
    }

    /** The level a subject's next registration is checked at: its own, else the global one. */
    public synchronized Compatibility compatibility(final String subject) {
        return subjectCompatibility.getOrDefault(subject, globalCompatibility);
    }

    /** The subject's own level, if one was set ({@code GET /config/{subject}}). */
    public synchronized Optional<Compatibility> subjectCompatibility(final String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    public synchronized Compatibility globalCompatibility() {
        return globalCompatibility;
    }

    public synchronized void setGlobalCompatibility(final Compatibility level) {
        globalCompatibility = level;
    }

    public synchronized void setCompatibility(final String subject, final Compatibility level) {
        subjectCompatibility.put(subject, level);
    }

    private List<Integer> idsOf(final String subject) {
        final List<Integer> ids = idsBySubject.get(subject);
        if (ids == null) {
            throw new RegistryErrorException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return ids;
    }

    private List<Schema> schemas(final List<Integer> ids) {
        return ids.stream().map(id -> schemasById.get(id - 1)).toList();
    }

    /** Like Confluent's registry, identical schemas share one global id across subjects. */
    private int globalId(final Schema schema) {
        final int index = schemasById.indexOf(schema);
        if (index >= 0) {
            return index + 1;
        }
        schemasById.add(schema);
        idsByGuid.put(guidOf(schema), schemasById.size());
        return schemasById.size();
    }
}
