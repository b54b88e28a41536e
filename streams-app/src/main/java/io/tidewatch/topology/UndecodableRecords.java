package io.tidewatch.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record a source cannot deserialise is logged and sent to the dead-letter topic, and the
 * stream goes on; a registry outage while deserialising is not the record's fault, so it fails
 * the stream thread, which is replaced and reads the record again once the registry is back.
 */
public final class UndecodableRecords extends LogAndContinueExceptionHandler {

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        return exception instanceof SerializationException ? super.handleError(context, record, exception) : Response.fail();
    }
}
