package io.tidewatch.topology;

/** Why a record went to the dead-letter topic; the tag is the header value and the metric label. */
public enum DeadLetter {
    UNDECODABLE("undecodable"),
    MISSING_RESPONSE("missing-response"),
    MISSING_MODEL("missing-model"),
    TIMESTAMP_SKEW("timestamp-skew");

    public static final String REASON_HEADER = "tidewatch.dlq.reason";
    public static final String DETAIL_HEADER = "tidewatch.dlq.detail";
    public static final String TOPIC_HEADER = "tidewatch.dlq.source.topic";
    public static final String PARTITION_HEADER = "tidewatch.dlq.source.partition";
    public static final String OFFSET_HEADER = "tidewatch.dlq.source.offset";

    private final String tag;

    DeadLetter(final String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
