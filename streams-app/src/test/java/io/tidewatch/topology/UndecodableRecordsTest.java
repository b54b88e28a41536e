package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.registry.RegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** Undecodable bytes are the record's fault and are set aside; a registry outage is not and is retried. */
class UndecodableRecordsTest {

    private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>("tidewatch.control", 0, 7, new byte[0], new byte[] {1});

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override public String topic() { return RECORD.topic(); }
        @Override public int partition() { return RECORD.partition(); }
        @Override public long offset() { return RECORD.offset(); }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "control"; }
        @Override public TaskId taskId() { return new TaskId(1, 0); }
        @Override public long timestamp() { return 0; }
        @Override public byte[] sourceRawKey() { return RECORD.key(); }
        @Override public byte[] sourceRawValue() { return RECORD.value(); }
    };

    private static DeserializationExceptionHandler handler() {
        final UndecodableRecords handler = new UndecodableRecords();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "tidewatch.dlq"));
        return handler;
    }

    @Test
    void undecodableBytesGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        final DeserializationExceptionHandler.Response response = handler().handleError(CONTEXT, RECORD,
                new SerializationException("not Confluent wire format"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("tidewatch.dlq");
            assertThat(r.value()).containsExactly(1);
        });
    }

    @Test
    void aRegistryOutageFailsTheThreadSoTheRecordIsReadAgain() {
        final DeserializationExceptionHandler.Response response = handler().handleError(CONTEXT, RECORD,
                new RegistryUnavailableException("registry down", new java.io.IOException("connection refused")));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
