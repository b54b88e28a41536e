package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptCheck;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.concept.ReplyCorpus;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.Embedder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tidewatch concepts check FILE}: how well each concept can be monitored, before it is published. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check how well each concept of a catalog file can be monitored, with the embedding model:",
                "  leave-one-out AUC of its examples;",
                "  effect in units of the per-reply spread of neutral traffic;",
                "  near-duplicates: concepts whose directions have a cosine above a limit.",
                "Exit code: 0 when every concept passes, 1 when any has a problem, 2 when the input cannot be used."},
        footer = {"", "Examples:", "  ./tidewatch concepts check my-concepts.yaml",
                "  ./tidewatch concepts check my-concepts.yaml --neutral traffic-sample.txt"})
final class ConceptsCheckCommand implements Callable<Integer> {

    private static final String BUILT_IN_NEUTRAL = "ordinary-replies.txt";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "YAML concept catalog (the format of default-concepts.yaml).")
    Path file;

    @Option(names = "--neutral", paramLabel = "FILE",
            description = "Neutral traffic: one reply per line, '#' lines skipped. Default: the built-in ordinary replies.")
    Path neutral;

    @Option(names = "--min-auc", paramLabel = "AUC", defaultValue = "0.9",
            description = "Leave-one-out AUC below this is weak. Default: ${DEFAULT-VALUE}.")
    double minAuc;

    @Option(names = "--min-effect", paramLabel = "SPREADS", defaultValue = "2.0",
            description = "Effect below this many neutral spreads is weak. Default: ${DEFAULT-VALUE}.")
    double minEffect;

    @Option(names = "--max-cosine", paramLabel = "COSINE", defaultValue = "0.8",
            description = "Concepts whose directions have a cosine above this are near-duplicates. Default: ${DEFAULT-VALUE}.")
    double maxCosine;

    @Option(names = "--min-examples", paramLabel = "N", defaultValue = "10",
            description = "Fewer examples than this on a side is a problem. Default: ${DEFAULT-VALUE}.")
    int minExamples;

    @Override
    public Integer call() {
        final List<ConceptSpec> specs = ConceptCatalogFile.read(file);
        final List<String> traffic = neutralTraffic();
        final ConceptCheck.Report report;
        try (Embedder embedder = TidewatchApp.embedder(AppConfig.defaults())) {
            report = ConceptCheck.run(specs, embedder, traffic,
                    new ConceptCheck.Limits(minAuc, minEffect, maxCosine, minExamples));
            print(report, embedder.modelId(), spec.commandLine().getOut());
        }
        return report.problems() == 0 ? 0 : 1;
    }

    private List<String> neutralTraffic() {
        if (neutral == null) {
            return DemoTraffic.corpus(BUILT_IN_NEUTRAL);
        }
        if (!Files.isRegularFile(neutral)) {
            throw new ConfigException("--neutral " + neutral + " does not exist");
        }
        final List<String> replies = ReplyCorpus.read(neutral);
        if (replies.size() < 2) {
            throw new ConfigException("--neutral " + neutral + " has " + replies.size() + " replies; a spread needs at least two");
        }
        return replies;
    }

    private void print(final ConceptCheck.Report report, final String model, final PrintWriter out) {
        out.printf("%s: %d concepts, embedded with %s; neutral traffic: %d replies (%s)%n%n", file, report.concepts().size(),
                model, report.neutralReplies(), neutral == null ? "built-in " + BUILT_IN_NEUTRAL : neutral);
        out.printf("%-24s %4s %4s %8s %7s %11s %8s  %s%n", "concept", "pos", "neg", "LOO-AUC", "effect", "vs-neutral", "spread",
                "overlaps most");
        for (final ConceptCheck.ConceptResult c : report.concepts()) {
            out.printf("%-24s %4d %4d %8.3f %7.2f %11.2f %8.4f  %s%s%n", c.id(), c.positives(), c.negatives(), c.looAuc(),
                    c.effect(), c.versusTraffic(), c.neutralSpread(), report.strongestOverlap(c.id())
                            .map(o -> String.format("%s %.2f", o.into(), o.share())).orElse("-"), c.enabled() ? "" : "  (disabled)");
        }
        report.closest().ifPresent(p -> out.printf("%nclosest pair: %s / %s, direction cosine %.3f%n", p.first(), p.second(), p.cosine()));
        out.println();
        final List<String> problems = problems(report);
        if (problems.isEmpty()) {
            out.printf("OK: every concept passes (AUC >= %.2f, effect >= %.2f spreads, cosine <= %.2f, >= %d examples a side)%n",
                    minAuc, minEffect, maxCosine, minExamples);
        } else {
            out.printf("%d problem%s:%n", problems.size(), problems.size() == 1 ? "" : "s");
            problems.forEach(p -> out.println("  " + p));
        }
    }

    private static List<String> problems(final ConceptCheck.Report report) {
        final List<String> concepts = report.concepts().stream()
                .flatMap(c -> c.warnings().stream().map(w -> c.id() + ": " + w)).toList();
        final List<String> duplicates = report.duplicates().stream()
                .map(p -> String.format("%s / %s: near-duplicates, direction cosine %.3f is above %.2f; merge them or sharpen their examples",
                        p.first(), p.second(), p.cosine(), report.limits().maxCosine())).toList();
        return Stream.concat(concepts.stream(), duplicates.stream()).toList();
    }
}
