package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.testkit.TestEnvironment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {

    private static final String TOPIC = "chat.turns";
    private static final String SUBJECT = TOPIC + "-value";

    private static final SerdeSettings HEADER_FORM = new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, true, false, SchemaIdForm.HEADER, true);
    private static final UUID FIXED_GUID = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroWireSerde<ConversationTurn> serde = serdes(SerdeSettings.defaults()).forType(ConversationTurn.class);

    private AvroSerdes serdes(final SerdeSettings settings) {
        return new AvroSerdes(registry, settings);
    }

    @Test
    void writesMagicByteBigEndianIdAndAvroBinary() {
        final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("c1").setTurn(3)
                .setTimestamp(Instant.ofEpochMilli(1000)).setModel("m").setResponse("hi").setLocale("en").setAttributes(Map.of()).build();
        final int id = 0x01020304;
        final byte[] bytes = new AvroSerdes(new FixedIdRegistry(id), SerdeSettings.defaults()).forType(ConversationTurn.class).serialize(TOPIC, turn);

        assertThat(bytes).containsExactly(
                0x00, 0x01, 0x02, 0x03, 0x04,   // magic byte, schema id 16909060 big-endian
                0x04, 'c', '1',                 // conversation_id: length 2 (zig-zag 4), "c1"
                0x06,                           // turn 3 (zig-zag 6)
                0xD0, 0x0F,                     // timestamp 1000 ms (zig-zag 2000 as a varint)
                0x02, 'm',                      // model "m"
                0x00,                           // prompt: union branch 0, null
                0x04, 'h', 'i',                 // response "hi"
                0x00,                           // tenant: null
                0x02, 0x04, 'e', 'n',           // locale: union branch 1, "en"
                0x00);                          // attributes: empty map
    }

    @Test
    void roundTripsThroughTheRegistryUnderTheTopicSubject() {
        final ConversationTurn turn = TestSchemas.turn("c-1", "hello");
        final byte[] bytes = serde.serialize(TOPIC, turn);

        assertThat(serde.deserialize(TOPIC, bytes)).isEqualTo(turn);
        assertThat(registry.subjects()).containsExactly(SUBJECT);
        assertThat(registry.latest(SUBJECT).schema()).isEqualTo(TestSchemas.TURN);
    }

    @Test
    void readsRecordsFromAProducerOnANewerSchemaWithAnAddedOptionalField() {
        final Schema newer = TestSchemas.turnWithOptionalSentiment();
        final int id = registry.register(SUBJECT, newer);
        final ConversationTurn turn = TestSchemas.turn("c-2", "a reply from the future");
        final var record = TestSchemas.asWriter(newer, turn);
        record.put("sentiment", "upbeat");

        assertThat(serde.deserialize(TOPIC, TestSchemas.wire(id, record))).isEqualTo(turn);
    }

    @Test
    void readsRecordsFromAProducerOnAnOlderSchemaWithDefaultsForMissingOptionalFields() {
        final Schema older = TestSchemas.turnWithout("locale");
        final ConversationTurn turn = TestSchemas.turn("c-3", "an old reply");
        turn.setLocale("fr");

        final ConversationTurn read = serde.deserialize(TOPIC, TestSchemas.wire(registry.register("old", older), TestSchemas.asWriter(older, turn)));

        assertThat(read.getResponse()).isEqualTo("an old reply");
        assertThat(read.getLocale()).isNull();
    }

    @Test
    void recordsWrittenWithASchemaItCannotReadAreBadRecordsThatNameTheMissingField() {
        final Schema withoutResponse = TestSchemas.turnWithout("response");
        final int id = registry.register("elsewhere", withoutResponse);
        final byte[] bytes = TestSchemas.wire(id, TestSchemas.asWriter(withoutResponse, TestSchemas.turn("c-4", "unused")));

        assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + id).hasMessageContaining("response");
    }

    @Test
    void badBytesAreSerializationExceptionsThatSayWhatIsWrong() {
        final byte[] good = serde.serialize(TOPIC, TestSchemas.turn("c-5", "fine"));
        final byte[] wrongMagic = good.clone();
        wrongMagic[0] = 7;
        final byte[] unknownId = good.clone();
        unknownId[4] = 99;
        final byte[] trailing = Arrays.copyOf(good, good.length + 1);

        assertBadRecord(wrongMagic, "magic byte 7");
        assertBadRecord(new byte[] {0, 0, 1}, "only 3 bytes");
        assertBadRecord(Arrays.copyOf(good, good.length - 3), "cannot decode ConversationTurn with schema id 1");
        assertBadRecord(trailing, "trailing bytes");
        assertBadRecord(unknownId, "schema id 99 not found");
    }

    private void assertBadRecord(final byte[] bytes, final String reason) {
        assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes)).isInstanceOf(SerializationException.class).hasMessageContaining(reason);
    }

    @Test
    void anUnreachableRegistryIsNotABadRecord() {
        final byte[] bytes = serde.serialize(TOPIC, TestSchemas.turn("c-6", "fine"));
        final SchemaRegistry unreachable = new RestSchemaRegistry(new RegistryConfig(null,
                List.of(new RegistryConfig.Endpoint(URI.create("http://127.0.0.1:" + TestEnvironment.freePort()), null)), null,
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)), SerdeSettings.defaults()));
        final AvroWireSerde<ConversationTurn> reader = new AvroSerdes(unreachable, SerdeSettings.defaults()).forType(ConversationTurn.class);

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("after 2 attempts");
    }

    @Test
    void subjectsFollowTheConfiguredStrategy() {
        for (final SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
            serdes(new SerdeSettings(strategy, true, false)).forType(ConversationTurn.class).serialize(TOPIC, TestSchemas.turn("c", "r"));
        }

        assertThat(registry.subjects()).containsExactlyInAnyOrder(
                SUBJECT, "io.tidewatch.avro.ConversationTurn", "chat.turns-io.tidewatch.avro.ConversationTurn");
    }

    @Test
    void withoutAutoRegistrationItWritesTheIdOfTheRegisteredSchemaOrSaysWhatIsMissing() {
        final AvroWireSerde<ConversationTurn> lookingUp = serdes(new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, false, false)).forType(ConversationTurn.class);
        final ConversationTurn turn = TestSchemas.turn("c-7", "fine");

        assertThatThrownBy(() -> lookingUp.serialize(TOPIC, turn)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject 'chat.turns-value' and auto.register.schemas=false");
        registry.register("other", TestSchemas.turnWithOptionalSentiment());
        final int id = registry.register(SUBJECT, TestSchemas.TURN);
        assertThat(lookingUp.serialize(TOPIC, turn)[4]).isEqualTo((byte) id);
        assertThat(registry.versions(SUBJECT)).containsExactly(1);
    }

    @Test
    void withUseLatestVersionItWritesTheLatestIdWhenThatVersionEncodesTheSame() {
        final Schema sameEncodingOtherDocs = new Schema.Parser().parse(TestSchemas.TURN.toString().replace("Opaque id of the conversation", "Conversation id"));
        registry.setCompatibility(SUBJECT, Compatibility.NONE);
        registry.register(SUBJECT, TestSchemas.turnWithOptionalSentiment());
        final AvroWireSerde<ConversationTurn> latest = serdes(new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, false, true)).forType(ConversationTurn.class);
        final ConversationTurn turn = TestSchemas.turn("c-8", "fine");

        assertThatThrownBy(() -> latest.serialize(TOPIC, turn)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("version 1 (id 1) of subject 'chat.turns-value' does not encode io.tidewatch.avro.ConversationTurn");
        final int id = registry.register(SUBJECT, sameEncodingOtherDocs);
        final AvroWireSerde<ConversationTurn> fresh = serdes(new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, false, true)).forType(ConversationTurn.class);
        assertThat(fresh.serialize(TOPIC, turn)[4]).isEqualTo((byte) id);
        assertThat(fresh.deserialize(TOPIC, fresh.serialize(TOPIC, turn))).isEqualTo(turn);
    }

    @Test
    void anIncompatibleRegistrationSaysWhy() {
        registry.register(SUBJECT, TestSchemas.turnWithout("response"));

        assertThatThrownBy(() -> serde.serialize(TOPIC, TestSchemas.turn("c-9", "fine")))
                .isInstanceOf(RegistryErrorException.class).isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("refused io.tidewatch.avro.ConversationTurn under subject 'chat.turns-value' as incompatible")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE").hasMessageContaining("response");
    }

    @Test
    void theHeaderFormWritesTheGuidInTheValueSchemaIdHeaderAndNothingBeforeTheAvroBinary() {
        final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("c1").setTurn(3)
                .setTimestamp(Instant.ofEpochMilli(1000)).setModel("m").setResponse("hi").setLocale("en").setAttributes(Map.of()).build();
        final RecordHeaders headers = new RecordHeaders();
        final byte[] bytes = new AvroSerdes(new FixedIdRegistry(7), HEADER_FORM).forType(ConversationTurn.class).serialize(TOPIC, headers, turn);

        assertThat(headers.toArray()).hasSize(1);
        assertThat(headers.lastHeader("__value_schema_id").value()).containsExactly(
                0x01,                                            // magic byte 1: a GUID follows
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,  // the GUID's 16 bytes, most significant first
                0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF);
        assertThat(bytes).startsWith(0x04, 'c', '1').hasSize(23 - 5);
    }

    @Test
    void readsEveryFormConfluentsDualDeserializerReads() {
        final ConversationTurn turn = TestSchemas.turn("c-10", "either way");
        final AvroWireSerde<ConversationTurn> headerWriter = serdes(HEADER_FORM).forType(ConversationTurn.class);
        final RecordHeaders guidHeader = new RecordHeaders();
        final byte[] body = headerWriter.serialize(TOPIC, guidHeader, turn);
        final byte[] prefixed = serde.serialize(TOPIC, turn);
        final int id = registry.latest(SUBJECT).id();
        final byte[] guidBytes = guidHeader.lastHeader("__value_schema_id").value();

        assertThat(serde.deserialize(TOPIC, guidHeader, body)).as("GUID in the header").isEqualTo(turn);
        assertThat(serde.deserialize(TOPIC, headers(WireSchemaId.ofId(id).bytes()), body)).as("id in the header").isEqualTo(turn);
        assertThat(serde.deserialize(TOPIC, concat(guidBytes, body))).as("GUID before the value").isEqualTo(turn);
        assertThat(serde.deserialize(TOPIC, new RecordHeaders(), prefixed)).as("id before the value, no header").isEqualTo(turn);
        assertThat(serde.deserialize(TOPIC, headers(new byte[] {9}, guidBytes), body)).as("the last header counts").isEqualTo(turn);
        assertThat(serde.withSchemaIdPrefix(guidHeader, body)).isEqualTo(concat(guidBytes, body));
        assertThat(serde.withSchemaIdPrefix(new RecordHeaders(), prefixed)).isSameAs(prefixed);
    }

    @Test
    void aMalformedOrUnknownHeaderIsABadRecordThatNamesTheHeader() {
        final RecordHeaders guidHeader = new RecordHeaders();
        final byte[] body = serdes(HEADER_FORM).forType(ConversationTurn.class).serialize(TOPIC, guidHeader, TestSchemas.turn("c-11", "fine"));
        final byte[] guid = guidHeader.lastHeader("__value_schema_id").value();

        assertBadHeader(headers(new byte[0]), body, "malformed __value_schema_id header: empty");
        assertBadHeader(headers(new byte[] {30, 1, 2, 3, 4}), body, "malformed __value_schema_id header: magic byte 30 instead of 0");
        assertBadHeader(headers(Arrays.copyOf(guid, 9)), body, "malformed __value_schema_id header: only 9 bytes, where magic byte 1 needs 17");
        assertBadHeader(headers(Arrays.copyOf(guid, 18)), body, "malformed __value_schema_id header: 18 bytes, where schema GUID");
        assertBadHeader(headers(WireSchemaId.ofGuid(new UUID(1, 2)).bytes()), body,
                "schema GUID 00000000-0000-0001-0000-000000000002 not found");
    }

    private void assertBadHeader(final RecordHeaders headers, final byte[] body, final String reason) {
        assertThatThrownBy(() -> serde.deserialize(TOPIC, headers, body)).isInstanceOf(SerializationException.class).hasMessageContaining(reason);
    }

    @Test
    void withThePrefixDeserializerHeadersAreIgnoredAndThePrefixFormDropsAStaleHeader() {
        final ConversationTurn turn = TestSchemas.turn("c-12", "prefix only");
        final RecordHeaders stale = headers(WireSchemaId.ofGuid(new UUID(1, 2)).bytes());
        final byte[] prefixed = serde.serialize(TOPIC, stale, turn);
        final AvroWireSerde<ConversationTurn> prefixOnly = serdes(new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, true, false,
                SchemaIdForm.PREFIX, false)).forType(ConversationTurn.class);

        assertThat(stale.toArray()).as("a header naming another schema would win over the prefix in Confluent's readers").isEmpty();
        assertThat(prefixOnly.deserialize(TOPIC, headers(WireSchemaId.ofGuid(new UUID(1, 2)).bytes()), prefixed)).isEqualTo(turn);
        assertThatThrownBy(() -> serdes(HEADER_FORM).forType(ConversationTurn.class).serialize(TOPIC, turn))
                .isInstanceOf(SerializationException.class).hasMessageContaining("HeaderSchemaIdSerializer writes the schema's GUID in a record header");
    }

    private static RecordHeaders headers(final byte[]... values) {
        final RecordHeaders headers = new RecordHeaders();
        for (final byte[] value : values) {
            headers.add("__value_schema_id", value);
        }
        return headers;
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A registry that hands out one fixed id, to pin the header bytes. */
    private static final class FixedIdRegistry implements SchemaRegistry {
        private final int id;

        FixedIdRegistry(final int id) {
            this.id = id;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            return id;
        }

        @Override
        public RegisteredSchema lookup(final String subject, final Schema schema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RegisteredSchema latest(final String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Schema schemaById(final int id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Schema schemaByGuid(final UUID guid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UUID guid(final int id) {
            return FIXED_GUID;
        }

        @Override
        public List<String> incompatibilities(final String subject, final Schema schema) {
            throw new UnsupportedOperationException();
        }
    }
}
