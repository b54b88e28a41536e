package io.tidewatch.topology.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serialises the detector's plain-Java state for its changelogged stores, field by field, so the
 * pure core needs no serialisation annotations. The format is CBOR (RFC 8949): the state is
 * mostly doubles, which CBOR keeps as their 8 bytes where JSON printed and parsed them as text,
 * the largest cost of closing a bucket. Each value starts with CBOR's self-describe tag, so state
 * written as JSON by earlier versions is still read (and rewritten as CBOR when it next changes).
 */
public final class StateSerde<T> implements Serde<T> {

    /** CBOR's self-describe tag 55799, written first. */
    private static final byte[] CBOR_TAG = {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7};

    private static final ObjectMapper CBOR = fieldsOnly(new ObjectMapper(CBORFactory.builder()
            .enable(CBORGenerator.Feature.WRITE_TYPE_HEADER).build()));
    private static final ObjectMapper JSON = fieldsOnly(new ObjectMapper());

    private final Class<T> type;

    public StateSerde(final Class<T> type) {
        this.type = type;
    }

    private static ObjectMapper fieldsOnly(final ObjectMapper mapper) {
        return mapper.setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            try {
                return value == null ? null : CBOR.writeValueAsBytes(value);
            } catch (final IOException e) {
                throw new SerializationException("cannot serialise " + type.getSimpleName(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return (isCbor(bytes) ? CBOR : JSON).readValue(bytes, type);
            } catch (final IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from its store: " + e.getMessage()
                        + " (" + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))) + "...)", e);
            }
        };
    }

    private static boolean isCbor(final byte[] bytes) {
        return bytes.length >= CBOR_TAG.length && Arrays.equals(bytes, 0, CBOR_TAG.length, CBOR_TAG, 0, CBOR_TAG.length);
    }
}
