package io.tidewatch.concept;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a YAML concept catalog:
 *
 * <pre>
 * concepts:
 *   - id: model-rights-advocacy
 *     description: ...
 *     enabled: true            # optional, default true
 *     positive_examples: [ ... ]
 *     negative_examples: [ ... ]
 *     settings: { ... }        # optional
 * </pre>
 */
public final class ConceptCatalogFile {

    /** The catalog shipped in the jar, used when no file is given. */
    public static final String DEFAULT_RESOURCE = "/io/tidewatch/concept/default-concepts.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConceptCatalogFile() {
    }

    public static List<ConceptSpec> read(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (final NoSuchFileException e) {
            throw new CatalogFormatException("concept catalog " + file + " does not exist");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read concept catalog " + file, e);
        }
    }

    public static List<ConceptSpec> readDefault() {
        try (InputStream in = ConceptCatalogFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default concept catalog " + DEFAULT_RESOURCE + " missing from the classpath");
            }
            return parse(in, "classpath:" + DEFAULT_RESOURCE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code specs} as a catalog file that {@link #read} reads back as the same concepts,
     * after {@code header} as comment lines.
     */
    public static void write(final Path file, final List<ConceptSpec> specs, final List<String> header) {
        final CatalogDocument document = new CatalogDocument();
        document.concepts = specs.stream().map(spec -> {
            final ConceptEntry entry = new ConceptEntry();
            entry.id = spec.id();
            entry.description = spec.description();
            entry.enabled = spec.enabled();
            entry.positiveExamples = spec.positiveExamples();
            entry.negativeExamples = spec.negativeExamples();
            entry.settings = spec.settings().isEmpty() ? null : spec.settings();
            return entry;
        }).toList();
        final StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append("# ").append(line).append('\n'));
        try {
            text.append(YAML.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL).writeValueAsString(document));
            Files.writeString(file, text.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write concept catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a catalog; {@code source} names it in error messages. */
    public static List<ConceptSpec> parse(final InputStream in, final String source) {
        final CatalogDocument document;
        try {
            document = YAML.readValue(in, CatalogDocument.class);
        } catch (final JsonProcessingException e) {
            throw new CatalogFormatException(source + describe(e), e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read concept catalog " + source, e);
        }
        if (document == null || document.concepts == null || document.concepts.isEmpty()) {
            throw new CatalogFormatException(source + ": key 'concepts' is missing or empty; it must list at least one concept");
        }
        final List<ConceptSpec> specs = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < document.concepts.size(); i++) {
            final ConceptSpec spec = validate(document.concepts.get(i), source, i);
            if (!ids.add(spec.id())) {
                throw new CatalogFormatException(source + ": concepts[" + i + "].id '" + spec.id() + "' is used twice");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private static ConceptSpec validate(final ConceptEntry entry, final String source, final int index) {
        if (entry == null) {
            throw new CatalogFormatException(source + ": concepts[" + index + "] is empty");
        }
        return ConceptSpec.validated(source, "concepts[" + index + "].", entry.id, entry.description, entry.enabled,
                entry.positiveExamples, entry.negativeExamples, entry.settings);
    }

    private static String describe(final JsonProcessingException e) {
        final JsonLocation location = e.getLocation();
        final String line = location == null ? "" : ":" + location.getLineNr();
        final String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? " at key '" + m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[") + "'"
                : "";
        return line + ": " + what(e) + path;
    }

    /** Jackson's own words, except for an unknown key, where they would name a Java class instead of the keys an author may use. */
    private static String what(final JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "' (known: " + unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
    }

    /** The file's shape; Jackson fills it. */
    private static final class CatalogDocument {
        @JsonProperty("concepts")
        List<ConceptEntry> concepts;
    }

    private static final class ConceptEntry {
        @JsonProperty("id")
        String id;
        @JsonProperty("description")
        String description;
        @JsonProperty("enabled")
        Boolean enabled;
        @JsonProperty("positive_examples")
        List<String> positiveExamples;
        @JsonProperty("negative_examples")
        List<String> negativeExamples;
        @JsonProperty("settings")
        Map<String, String> settings;
    }
}
