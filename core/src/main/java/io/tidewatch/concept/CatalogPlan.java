package io.tidewatch.concept;

import io.tidewatch.avro.ConceptDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What publishing a catalog file changes on the catalog topic: the topic is made to hold exactly
 * the file's concepts. Unchanged concepts are not written again, so their record (and the
 * direction every instance uses) stays as it is; concepts missing from the file are removed.
 *
 * @param writes    records to write: added and changed concepts
 * @param added     ids new to the topic; every list of ids is sorted
 * @param changed   ids whose definition differs from the topic's (or whose record there is unusable)
 * @param removed   ids on the topic but not in the file: they get a tombstone
 * @param unchanged ids already on the topic as they are in the file
 */
public record CatalogPlan(List<ConceptDefinition> writes, List<String> added, List<String> changed, List<String> removed,
                          List<String> unchanged) {

    /**
     * @param current the topic's records by key; null for a record that cannot be decoded
     * @param wanted  the file's concepts, compiled
     */
    public static CatalogPlan between(final Map<String, ConceptDefinition> current, final List<ConceptDefinition> wanted) {
        final List<ConceptDefinition> writes = new ArrayList<>();
        final List<String> added = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<String> unchanged = new ArrayList<>();
        for (final ConceptDefinition definition : wanted) {
            final String id = definition.getId();
            if (!current.containsKey(id)) {
                added.add(id);
                writes.add(definition);
            } else if (sameDefinition(current.get(id), definition)) {
                unchanged.add(id);
            } else {
                changed.add(id);
                writes.add(definition);
            }
        }
        final Set<String> kept = wanted.stream().map(ConceptDefinition::getId).collect(Collectors.toSet());
        final List<String> removed = sorted(current.keySet().stream().filter(id -> !kept.contains(id)).toList());
        return new CatalogPlan(List.copyOf(writes), sorted(added), sorted(changed), removed, sorted(unchanged));
    }

    private static List<String> sorted(final List<String> ids) {
        return List.copyOf(new TreeSet<>(ids));
    }

    public boolean isEmpty() {
        return writes.isEmpty() && removed.isEmpty();
    }

    /**
     * Everything but the direction: with the same examples and model the direction is the same up
     * to float rounding on another machine, which is no reason to rewrite it.
     */
    private static boolean sameDefinition(final ConceptDefinition existing, final ConceptDefinition wanted) {
        return existing != null
                && existing.getDirection().size() == wanted.getDirection().size()
                && Objects.equals(existing.getEmbeddingModel(), wanted.getEmbeddingModel())
                && existing.getDescription().equals(wanted.getDescription())
                && existing.getEnabled() == wanted.getEnabled()
                && existing.getPositiveExamples().equals(wanted.getPositiveExamples())
                && existing.getNegativeExamples().equals(wanted.getNegativeExamples())
                && existing.getSettings().equals(wanted.getSettings());
    }
}
