package io.tidewatch.registry;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The writer schema a record names, in Confluent's two encodings: magic byte 0 and the schema's
 * 4-byte global id, or magic byte 1 and its 16-byte GUID. Either may open the value (the prefix
 * form) or be the whole of a {@code __value_schema_id} header (the header form); Confluent's
 * readers accept both encodings in both places, and so does this.
 *
 * @param id   the global id, when {@code guid} is null
 * @param guid the GUID, or null for an id
 */
public record WireSchemaId(int id, UUID guid) {

    static final byte ID_MAGIC = 0;
    static final byte GUID_MAGIC = 1;
    static final int ID_BYTES = 5;
    static final int GUID_BYTES = 17;

    public static WireSchemaId ofId(final int id) {
        return new WireSchemaId(id, null);
    }

    public static WireSchemaId ofGuid(final UUID guid) {
        return new WireSchemaId(0, guid);
    }

    /**
     * The schema named at the start of {@code bytes}; {@code where} says what they are, for the
     * error a record too short or with another magic byte gets.
     */
    static WireSchemaId read(final byte[] bytes, final String where) {
        if (bytes.length == 0) {
            throw new SerializationException(where + ": empty, so it names no schema");
        }
        final int needed = switch (bytes[0]) {
            case ID_MAGIC -> ID_BYTES;
            case GUID_MAGIC -> GUID_BYTES;
            default -> throw new SerializationException(where + ": magic byte " + bytes[0] + " instead of " + ID_MAGIC
                    + " (a schema id) or " + GUID_MAGIC + " (a schema GUID)");
        };
        if (bytes.length < needed) {
            throw new SerializationException(where + ": only " + bytes.length + " bytes, where magic byte " + bytes[0] + " needs " + needed);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, needed - 1);
        return bytes[0] == ID_MAGIC ? ofId(buffer.getInt()) : ofGuid(new UUID(buffer.getLong(), buffer.getLong()));
    }

    /** The bytes this id takes: 5 for an id, 17 for a GUID. */
    int size() {
        return guid == null ? ID_BYTES : GUID_BYTES;
    }

    /** This id in Confluent's encoding. */
    public byte[] bytes() {
        final ByteBuffer buffer = ByteBuffer.allocate(size());
        if (guid == null) {
            buffer.put(ID_MAGIC).putInt(id);
        } else {
            buffer.put(GUID_MAGIC).putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits());
        }
        return buffer.array();
    }

    @Override
    public String toString() {
        return guid == null ? "schema id " + id : "schema GUID " + guid;
    }
}
