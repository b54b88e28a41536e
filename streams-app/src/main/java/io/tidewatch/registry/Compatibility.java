package io.tidewatch.registry;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A subject's compatibility level, as Confluent defines them: which earlier versions a new schema
 * is checked against, and in which direction. Checks use Apache Avro's own reader/writer rules.
 */
public enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    Compatibility(final boolean newReadsOld, final boolean oldReadsNew, final boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** The level named {@code name} (any case), or {@link RegistryError#INVALID_COMPATIBILITY_LEVEL}. */
    public static Compatibility parse(final String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException | NullPointerException e) {
            throw new RegistryErrorException(RegistryError.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level '" + name
                    + "'. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
        }
    }

    /** Why {@code candidate} may not follow {@code versions} (oldest first); empty when it may. */
    public List<String> incompatibilities(final Schema candidate, final List<Schema> versions) {
        final List<Schema> checked = transitive || versions.isEmpty() ? versions : versions.subList(versions.size() - 1, versions.size());
        return checked.stream().flatMap(previous -> Stream.concat(
                newReadsOld ? problems(candidate, previous) : Stream.empty(),
                oldReadsNew ? problems(previous, candidate) : Stream.empty())).toList();
    }

    /** Why data written with {@code writer} cannot be read with {@code reader}; empty when it can. */
    static Stream<String> problems(final Schema reader, final Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
}
