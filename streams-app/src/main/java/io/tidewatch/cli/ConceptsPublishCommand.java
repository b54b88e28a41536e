package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.concept.CatalogPlan;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ConceptRecords;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.CatalogTopic;
import io.tidewatch.kafka.KafkaTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tidewatch concepts publish FILE}: makes the catalog topic hold exactly the file's
 * concepts, with directions compiled by the embedding model; running apps switch without a restart.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Make the compacted concept topic hold exactly the concepts of a catalog file:",
                "  added and changed concepts are written with directions compiled here by the embedding model;",
                "  concepts missing from the file are removed; all in one transaction.",
                "Running apps pick the change up without a restart."},
        footer = {"", "Examples:", "  ./tidewatch concepts publish my-concepts.yaml --config tidewatch.properties",
                "  ./tidewatch concepts publish my-concepts.yaml --bootstrap-servers kafka:9092 \\",
                "      --set schema.registry.url=http://registry:8081 --dry-run"})
final class ConceptsPublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "YAML concept catalog to publish.")
    Path file;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dry-run", description = "Show what would change without writing anything.")
    boolean dryRun;

    @Override
    public Integer call() {
        final AppConfig settings = cluster.settings();
        final String topic = settings.string(Setting.TOPIC_CONCEPTS);
        final List<ConceptSpec> specs = ConceptCatalogFile.read(file);
        final List<ConceptDefinition> compiled = compile(specs, settings);
        final Properties clients = settings.kafkaProperties();
        clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.require(Setting.BOOTSTRAP_SERVERS));
        final CatalogTopic catalogTopic = new CatalogTopic(clients, topic,
                TidewatchApp.avroSerdes(settings).forType(ConceptDefinition.class));
        final PrintWriter out = spec.commandLine().getOut();
        try {
            if (!dryRun) {
                KafkaTopics.ensureCatalog(clients, topic, (short) settings.integer(Setting.TOPIC_REPLICATION));
            }
            final CatalogPlan plan = CatalogPlan.between(catalogTopic.read(), compiled);
            if (!dryRun && !plan.isEmpty()) {
                catalogTopic.write(plan);
            }
            print(plan, topic, compiled.isEmpty() ? "" : compiled.get(0).getEmbeddingModel(), out);
        } catch (final KafkaException | IllegalStateException e) {
            spec.commandLine().getErr().println("tidewatch: cannot publish to " + topic + " at "
                    + settings.string(Setting.BOOTSTRAP_SERVERS) + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Every concept, disabled ones too, so enabling one later needs no recompilation. */
    private static List<ConceptDefinition> compile(final List<ConceptSpec> specs, final AppConfig settings) {
        try (Embedder embedder = TidewatchApp.embedder(settings)) {
            return specs.stream().map(s -> ConceptRecords.toRecord(s, direction(s, embedder), embedder.modelId())).toList();
        }
    }

    private static ConceptDirection direction(final ConceptSpec spec, final Embedder embedder) {
        try {
            return ConceptDirection.compile(spec, embedder);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("concept '" + spec.id() + "': " + e.getMessage() + "; nothing was published");
        }
    }

    private void print(final CatalogPlan plan, final String topic, final String model, final PrintWriter out) {
        out.printf("%s %s to %s (directions for %s):%n", dryRun ? "Would publish" : "Published", file, topic, model);
        line(out, "added", plan.added());
        line(out, "changed", plan.changed());
        line(out, "removed", plan.removed());
        line(out, "unchanged", plan.unchanged());
        if (!dryRun && !plan.isEmpty()) {
            out.println("Running apps switch without a restart; a concept whose examples or model changed calibrates afresh in every segment.");
        }
    }

    private static void line(final PrintWriter out, final String what, final List<String> ids) {
        out.printf("  %-10s %s%n", what, ids.isEmpty() ? "-" : String.join(", ", ids));
    }
}
