package io.tidewatch.registry;

/**
 * How the serdes pick the schema id they write: register the schema ({@code auto.register.schemas}),
 * look it up, or take the subject's latest version ({@code use.latest.version}); where they write
 * it ({@code value.schema.id.serializer}); and whether they read ids from record headers
 * ({@code value.schema.id.deserializer}: Confluent's DualSchemaIdDeserializer does, its
 * PrefixSchemaIdDeserializer does not).
 */
public record SerdeSettings(SubjectNameStrategy valueSubjects, boolean autoRegister, boolean useLatestVersion,
                            SchemaIdForm valueIdForm, boolean idsFromHeaders) {

    /** Ids written before the value and read from a header when one is there, as Confluent's defaults are. */
    public SerdeSettings(final SubjectNameStrategy valueSubjects, final boolean autoRegister, final boolean useLatestVersion) {
        this(valueSubjects, autoRegister, useLatestVersion, SchemaIdForm.PREFIX, true);
    }

    /** Confluent's defaults: TopicNameStrategy, auto-register, no latest version, prefix ids, headers read. */
    public static SerdeSettings defaults() {
        return new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, true, false);
    }
}
