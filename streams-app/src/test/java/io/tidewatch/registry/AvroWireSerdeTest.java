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
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {

    private static final String TOPIC = "chat.turns";
    private static final String SUBJECT = TOPIC + "-value";

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
        public List<String> incompatibilities(final String subject, final Schema schema) {
            throw new UnsupportedOperationException();
        }
    }
}
