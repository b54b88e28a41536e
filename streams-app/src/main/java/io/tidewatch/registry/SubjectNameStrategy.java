package io.tidewatch.registry;

import java.util.Arrays;
import org.apache.avro.Schema;

/**
 * How a record's subject is named, as Confluent's serializers name it. Config values may be the
 * short name ({@code TopicNameStrategy}) or Confluent's class name, so existing configs work as they are.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value}: one schema per topic. */
    TOPIC_NAME("TopicNameStrategy"),
    /** The record's full name: one schema per record type, shared by every topic. */
    RECORD_NAME("RecordNameStrategy"),
    /** {@code <topic>-<record full name>}: several record types per topic. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String className;

    SubjectNameStrategy(final String className) {
        this.className = className;
    }

    public static SubjectNameStrategy parse(final String value) {
        final String name = value.strip().startsWith(CONFLUENT_PACKAGE) ? value.strip().substring(CONFLUENT_PACKAGE.length()) : value.strip();
        return Arrays.stream(values()).filter(s -> s.className.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a subject name strategy; use TopicNameStrategy, "
                        + "RecordNameStrategy or TopicRecordNameStrategy (optionally prefixed with " + CONFLUENT_PACKAGE + ")"));
    }

    /** The subject of a record value of {@code schema} on {@code topic}. */
    public String valueSubject(final String topic, final Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + "-value";
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }
}
