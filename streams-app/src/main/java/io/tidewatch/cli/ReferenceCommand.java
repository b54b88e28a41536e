package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ReferencePin;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.SegmentKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Operator actions on segments' anchored references. */
@Command(name = "reference", mixinStandardHelpOptions = true, description = "Manage the anchored references of segments.",
        subcommands = {ReferenceCommand.Pin.class})
final class ReferenceCommand {

    /**
     * Publishes a re-pin on the control topic. The running app re-estimates the segment's
     * references from that period (calibrating until it has passed, if it has not) and records
     * the re-pin as an AUDIT event on the alerts topic.
     */
    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = {"Re-anchor a segment's references to a calibration period.",
                "The app applies it and records an AUDIT event on the alerts topic. Periods are widened to whole hours."},
            footer = {"", "Example:", "  ./tidewatch reference pin --config tidewatch.properties \\",
                "      --segment model=assistant-v2 --from 2026-03-01 --to 2026-03-02 \\",
                "      --reason 'v2.1 tone change reviewed and accepted'"})
    static final class Pin implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "Settings file of key=value lines: bootstrap.servers, schema.registry.url, topic names, segment labels.")
        Path config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--segment", paramLabel = "LABEL=VALUE[,LABEL=VALUE...]", required = true, converter = SegmentConverter.class,
                description = "The segment, by every label of tidewatch.segment.labels, e.g. model=assistant-v2.")
        Segment segment;

        @Option(names = "--from", paramLabel = "TIME", required = true, converter = InstantConverter.class,
                description = "Start of the calibration period (event time): 2026-03-01T00:00:00Z, an offset time, or a UTC date.")
        Instant from;

        @Option(names = "--to", paramLabel = "TIME", required = true, converter = InstantConverter.class,
                description = "End of the calibration period (exclusive); may lie in the future.")
        Instant to;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, for the audit record.")
        String reason;

        @Option(names = "--requested-by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who asks, for the audit record. Default: the current user.")
        String requestedBy;

        @Override
        public Integer call() throws InterruptedException {
            final AppConfig settings = Overrides.apply(AppConfig.fromFile(config), overrides);
            final ReferencePin pin = request(settings.list(Setting.SEGMENT_LABELS), Instant.now());
            final String topic = settings.string(Setting.TOPIC_CONTROL);
            publish(settings, topic, pin);
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("re-pin of %s to %s .. %s published on %s; the app records it as an AUDIT event on %s%n",
                    pin.getSegmentKey(), from, to, topic, settings.string(Setting.TOPIC_ALERTS));
            out.flush();
            return 0;
        }

        /** The control record, after checking the period and that the segment names every configured label. */
        ReferencePin request(final List<String> labels, final Instant now) {
            if (!from.isBefore(to)) {
                throw new ConfigException("--from " + from + " must be before --to " + to);
            }
            final Map<String, String> labelled = segment.labels();
            if (!new TreeSet<>(labels).equals(labelled.keySet())) {
                throw new ConfigException("--segment " + SegmentKey.format(labelled) + " must name exactly the segment labels "
                        + new TreeSet<>(labels) + " (tidewatch.segment.labels)");
            }
            return ReferencePin.newBuilder().setSegment(labelled).setSegmentKey(SegmentKey.format(labelled))
                    .setFrom(from).setTo(to).setRequestedBy(requestedBy).setReason(reason).setRequestedAt(now).build();
        }

        private static void publish(final AppConfig settings, final String topic, final ReferencePin pin) throws InterruptedException {
            final Properties props = settings.kafkaProperties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require(Setting.BOOTSTRAP_SERVERS));
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            KafkaTopics.ensure(props, List.of(topic), settings.integer(Setting.TOPIC_PARTITIONS), (short) settings.integer(Setting.TOPIC_REPLICATION));
            final AvroWireSerde<ReferencePin> serde = TidewatchApp.avroSerdes(settings).forType(ReferencePin.class);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                final RecordHeaders headers = new RecordHeaders();
                producer.send(new ProducerRecord<>(topic, null, pin.getSegmentKey(), serde.serialize(topic, headers, pin), headers)).get();
            } catch (final ExecutionException e) {
                throw new IllegalStateException("cannot publish the re-pin on " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** A segment as an operator names it: its labels and their values. */
    record Segment(Map<String, String> labels) {
    }

    /** Parses {@code label=value[,label=value...]}. */
    static final class SegmentConverter implements ITypeConverter<Segment> {
        @Override
        public Segment convert(final String value) {
            final Map<String, String> segment = new TreeMap<>();
            for (final String pair : value.split(",")) {
                final int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1 || segment.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip()) != null) {
                    throw new TypeConversionException("'" + value + "' is not LABEL=VALUE[,LABEL=VALUE...] with distinct labels, e.g. model=assistant-v2");
                }
            }
            return new Segment(segment);
        }
    }

    /** Parses an ISO-8601 instant, offset date-time, or UTC date. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(final String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (final DateTimeParseException notATime) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (final DateTimeParseException notADate) {
                    throw new TypeConversionException("'" + value + "' is not a time; write e.g. 2026-03-01T00:00:00Z, 2026-03-01T02:00:00+02:00 or 2026-03-01");
                }
            }
        }
    }
}
