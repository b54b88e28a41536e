package io.tidewatch.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back store's contract with Kafka Streams, on the Kafka version the app is built with:
 * at each commit (the test driver commits after every input record) the changelog receives the
 * last write of every key written since the last commit, and nothing for a key written and
 * deleted in between. Each input record is a list of operations on the store: {@code k=v} puts,
 * {@code -k} deletes, {@code ~k} puts null, {@code ?k} reads, {@code +k=v} puts if absent,
 * {@code *} iterates; a read, and what a delete or put-if-absent returns, is forwarded.
 */
class WriteBackStoreTest {

    private static final String STORE = "pending";
    private static final String CHANGELOG = "write-back-test-" + STORE + "-changelog";

    /** Values the store decoded: what a delete pays for returning the value it deletes. */
    private static final AtomicInteger DECODED = new AtomicInteger();

    private final TopologyTestDriver driver = driver();
    private final TestInputTopic<String, String> ops = driver.createInputTopic("ops", new StringSerializer(), new StringSerializer());
    private final TestOutputTopic<String, String> changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer());
    private final TestOutputTopic<String, String> reads = driver.createOutputTopic("reads", new StringDeserializer(), new StringDeserializer());

    private static TopologyTestDriver driver() {
        final Topology topology = new Topology()
                .addSource("ops", new StringDeserializer(), new StringDeserializer(), "ops")
                .addProcessor("apply", Operations::new, "ops")
                .addStateStore(WriteBackStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                        Serdes.String(), Serdes.serdeFrom(new StringSerializer(), (topic, bytes) -> {
                            DECODED.incrementAndGet();
                            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
                        }))), "apply")
                .addSink("reads", "reads", new StringSerializer(), new StringSerializer(), "apply");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("write-back").toString());
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TopologyTestDriver(topology, props);
    }

    private static final class Operations implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> store;

        @Override
        public void init(final ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<String, String> record) {
            for (final String op : record.value().split(" ")) {
                if (op.startsWith("-")) {
                    context.forward(new Record<>("-" + op.substring(1), String.valueOf(store.delete(op.substring(1))), record.timestamp()));
                } else if (op.startsWith("+")) {
                    final String[] kv = op.substring(1).split("=");
                    context.forward(new Record<>("+" + kv[0], String.valueOf(store.putIfAbsent(kv[0], kv[1])), record.timestamp()));
                } else if (op.startsWith("~")) {
                    store.put(op.substring(1), null);
                } else if (op.startsWith("?")) {
                    context.forward(new Record<>(op.substring(1), String.valueOf(store.get(op.substring(1))), record.timestamp()));
                } else if (op.equals("*")) {
                    final List<String> keys = new ArrayList<>();
                    store.all().forEachRemaining(entry -> keys.add(entry.key));
                    context.forward(new Record<>("*", String.join(",", keys), record.timestamp()));
                } else {
                    final String[] kv = op.split("=");
                    store.put(kv[0], kv[1]);
                }
            }
        }
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void eachCommitLogsTheLastWriteOfEachKeyAndNothingForAKeyWrittenAndDeletedBetweenCommits() {
        ops.pipeInput("a=1 a=2 b=1 c=1 -c a=3");
        assertThat(changelog.readKeyValuesToList()).containsExactlyInAnyOrder(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"));

        ops.pipeInput("-a b=2 -b d=1");
        assertThat(changelog.readKeyValuesToList()).as("a and b were committed, so their deletes are logged")
                .containsExactlyInAnyOrder(KeyValue.pair("a", null), KeyValue.pair("b", null), KeyValue.pair("d", "1"));
        assertThat(driver.<String, String>getKeyValueStore(STORE).get("d")).isEqualTo("1");
        assertThat(driver.<String, String>getKeyValueStore(STORE).get("a")).isNull();
    }

    @Test
    void aNullPutDeletesLikeDeleteWithoutDecodingTheValueItDeletes() {
        ops.pipeInput("a=1 b=1");
        DECODED.set(0);
        ops.pipeInput("c=1 ~c ~a ~b");
        assertThat(DECODED).as("nothing decoded for a null put").hasValue(0);
        assertThat(changelog.readKeyValuesToList()).containsExactlyInAnyOrder(KeyValue.pair("a", "1"), KeyValue.pair("b", "1"),
                KeyValue.pair("a", null), KeyValue.pair("b", null));
        ops.pipeInput("d=1");
        ops.pipeInput("-d");
        assertThat(DECODED).as("a delete decodes the value it returns").hasValue(1);
        assertThat(driver.<String, String>getKeyValueStore(STORE).get("a")).isNull();
    }

    @Test
    void readsSeeTheWritesNotYetCommitted() {
        ops.pipeInput("a=1");
        ops.pipeInput("a=2 ?a -a ?a b=1 ?b");
        assertThat(reads.readKeyValuesToList())
                .containsExactly(KeyValue.pair("a", "2"), KeyValue.pair("-a", "2"), KeyValue.pair("a", "null"), KeyValue.pair("b", "1"));
    }

    @Test
    void deleteAndPutIfAbsentReturnTheValueBeforeThemWhetherCommittedOrPending() {
        ops.pipeInput("a=1");
        ops.pipeInput("a=2 -a -a +a=3 +a=4 b=1 -b -c");
        assertThat(reads.readKeyValuesToList()).containsExactly(KeyValue.pair("-a", "2"), KeyValue.pair("-a", "null"),
                KeyValue.pair("+a", "null"), KeyValue.pair("+a", "3"), KeyValue.pair("-b", "1"), KeyValue.pair("-c", "null"));
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", "3"));
    }

    @Test
    void iteratingIsForCommittedStateOnly() {
        ops.pipeInput("a=1 b=2");
        ops.pipeInput("*");
        assertThat(reads.readKeyValuesToList()).containsExactly(KeyValue.pair("*", "a,b"));
        assertThatThrownBy(() -> ops.pipeInput("c=1 *")).hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageContaining("writes pending");
    }
}
