package io.tidewatch.registry;

/**
 * How the serdes pick the schema id they write: register the schema ({@code auto.register.schemas}),
 * look it up, or take the subject's latest version ({@code use.latest.version}).
 */
public record SerdeSettings(SubjectNameStrategy valueSubjects, boolean autoRegister, boolean useLatestVersion) {

    /** Confluent's defaults: TopicNameStrategy, auto-register, no latest version. */
    public static SerdeSettings defaults() {
        return new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, true, false);
    }
}
