package io.tidewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.describe.ConceptDraft;
import io.tidewatch.describe.DatasetComparison;
import io.tidewatch.describe.Example;
import io.tidewatch.describe.ShiftDescription;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.embed.Embedder;
import io.tidewatch.replay.DatasetFiles;
import io.tidewatch.replay.RejectedLine;
import io.tidewatch.replay.TurnFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tidewatch compare}: does a candidate dataset differ from a clean one, what is the difference about, and where is it. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a candidate set of replies (a fine-tuning set, a day of logs) with a reference set, without a broker:",
                "  whether they differ beyond chance (mean embeddings, calibrated by permuting conversations);",
                "  what the difference is about (over-represented terms, key sentences, sub-themes, nearest library themes);",
                "  whether it holds on conversations it was not built from;",
                "  and the candidate replies that carry it most.",
                "Exit code: 0 when the sets do not differ at --alpha, 1 when they do, 2 when the input cannot be used."},
        footer = {"", "Examples:", "  ./tidewatch compare --reference clean.jsonl --candidate suspect.jsonl",
                "  ./tidewatch compare --reference clean.jsonl --candidate finetune.jsonl --format openai --json-out comparison.json"})
final class CompareCommand implements Callable<Integer> {

    private static final int EXCERPT = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--reference", paramLabel = "FILE", required = true, description = "Replies known to be clean; repeatable.")
    List<Path> reference;

    @Option(names = "--candidate", paramLabel = "FILE", required = true, description = "Replies to examine; repeatable.")
    List<Path> candidate;

    @Mixin
    TurnFormatOption format;

    @Option(names = "--permutations", defaultValue = "999", description = "Conversation permutations for the p-value. Default: ${DEFAULT-VALUE}.")
    int permutations;

    @Option(names = "--alpha", defaultValue = "0.01", description = "p-value below which the sets differ (exit code 1). Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--top", defaultValue = "10", description = "Candidate replies listed as carrying the difference most. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the permutations. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json-out", paramLabel = "FILE.json", description = "Also write the whole comparison as JSON.")
    Path jsonOut;

    @Option(names = "--draft-concept", paramLabel = "FILE.yaml",
            description = "When the sets differ, write the catalog plus a concept drafted from the difference, check it, and print how to publish it.")
    Path draftConcept;

    @Option(names = "--concepts", paramLabel = "FILE.yaml", description = "Catalog to explain the difference with and to add a draft to; by default the built-in one.")
    Path concepts;

    @Override
    public Integer call() {
        final DatasetComparison.Settings settings;
        try {
            settings = new DatasetComparison.Settings(permutations, seed, top, 0.95);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new ConfigException("--alpha must be in (0, 1), got " + alpha);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final AppConfig config = AppConfig.defaults();
        try (Embedder embedder = TidewatchApp.embedder(config)) {
            err.println("tidewatch compare: loading the concept catalog and the theme library with " + embedder.modelId());
            final List<ConceptSpec> specs = concepts == null ? ConceptCatalogFile.readDefault() : ConceptCatalogFile.read(concepts);
            final ConceptCatalog catalog = ConceptCatalog.compile(specs, embedder);
            final ThemeLibrary themes = ThemeLibrary.load(embedder);
            final ReplyScorer scorer = new ReplyScorer(embedder, catalog, config.typed(Setting.SCORING_MODE, ReplyScorer.Mode::parse, "sentence or reply"));
            final List<Example> clean = read("reference", reference, format.value(), scorer, err);
            final List<Example> suspect = read("candidate", candidate, format.value(), scorer, err);
            final DatasetComparison.Result result;
            try {
                result = DatasetComparison.compare(clean, suspect, embedder, themes, directions(catalog), settings);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            print(result, out);
            if (jsonOut != null) {
                writeJson(result);
            }
            if (draftConcept != null) {
                draft(result, specs, clean, suspect, embedder, out);
            }
            return result.pValue() < alpha ? 1 : 0;
        }
    }

    /** Writes the catalog plus a concept drafted from the difference, and checks it as {@code concepts check} would. */
    private void draft(final DatasetComparison.Result result, final List<ConceptSpec> specs, final List<Example> clean,
                       final List<Example> suspect, final Embedder embedder, final PrintWriter out) {
        out.println();
        if (!(result.pValue() < alpha) || result.standingOut().isEmpty()) {
            out.println("No concept drafted: " + (result.pValue() < alpha ? "no term stands out beyond chance." : "the sets do not differ beyond chance."));
            return;
        }
        final ConceptSpec drafted = ConceptDraft.from(result, clean, suspect, String.join(", ", candidate.stream().map(Path::toString).toList()));
        DraftedConcepts.writeAndCheck(drafted, specs, concepts, draftConcept, "tidewatch compare", embedder,
                clean.stream().map(Example::text).distinct().toList(), out);
    }

    private static List<Example> read(final String name, final List<Path> files, final TurnFormat format, final ReplyScorer scorer,
                                      final PrintWriter err) {
        final int[] rejected = {0};
        final List<Example> examples;
        try {
            examples = DatasetFiles.read(files, format, scorer, (final RejectedLine line) -> {
                if (rejected[0]++ < 5) {
                    err.println("tidewatch compare: skipped " + line.file() + ":" + line.line() + ": " + line.reason());
                }
            }, embedded -> err.printf("\rtidewatch compare: %s: %,d distinct replies embedded", name, embedded).flush());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        err.println();
        if (rejected[0] > 0) {
            err.printf("tidewatch compare: %s: %,d line(s) were not turns and were skipped%n", name, rejected[0]);
        }
        return examples;
    }

    private void print(final DatasetComparison.Result r, final PrintWriter out) {
        final boolean differs = r.pValue() < alpha;
        out.printf(Locale.ROOT, "Candidate: %,d replies in %,d conversations; reference: %,d replies in %,d conversations.%n",
                r.candidateReplies(), r.candidateConversations(), r.referenceReplies(), r.referenceConversations());
        out.printf(Locale.ROOT, "%s: p = %.4g (%d permutations of conversations; the smaller p of two tests, doubled).%n",
                differs ? "The candidate differs from the reference beyond chance" : "No difference beyond chance at alpha = " + alpha,
                r.pValue(), r.permutations());
        out.printf(Locale.ROOT, "  mean embedding: p = %.4g (the difference is %.1f permutation SDs above their mean)%n",
                r.embeddingPValue(), r.nullDeviations());
        out.printf(Locale.ROOT, "  words: p = %.4g (the most over-represented term has z = %.1f)%n", r.termPValue(), r.termMaxZ());
        final ShiftDescription d = r.description();
        out.printf(Locale.ROOT, "Verification: %s.%n", d.verification());
        if (r.carriers() > 0) {
            out.printf(Locale.ROOT, "%,d candidate replies use a term that stands out beyond chance.%n", r.carriers());
        }
        out.println();
        out.println(differs ? "What it is about" : "What it would be about (not significant: read as noise)");
        out.println("  terms over-represented in the replies that carry it (log-odds z, candidate vs reference count):");
        if (d.terms().isEmpty()) {
            out.println("    none stands out (z >= 3)");
        }
        d.terms().forEach(t -> out.printf(Locale.ROOT, "    %-32s z %5.1f   %d vs %d%n", t.term(), t.z(), t.focusCount(), t.backgroundCount()));
        out.println("  sentences that carry it most:");
        d.sentences().forEach(s -> out.printf(Locale.ROOT, "    [%s] %s%n", s.exampleId(), excerpt(s.sentence())));
        if (d.subThemes().size() > 1) {
            out.println("  sub-themes:");
            d.subThemes().forEach(t -> out.printf(Locale.ROOT, "    %3.0f%%: %s (e.g. %s)%n", 100 * t.share(),
                    t.terms().stream().map(TermContrast::term).limit(6).collect(Collectors.joining(", ")), String.join(", ", t.exemplars())));
        }
        out.println("  nearest themes of the library (share of the difference each explains):");
        if (d.themes().isEmpty()) {
            out.println("    none explains 5% of it");
        }
        d.themes().forEach(t -> out.printf(Locale.ROOT, "    %-32s %4.0f%%  %s%n", t.id(), 100 * t.share(), t.description()));
        if (!d.concepts().isEmpty()) {
            out.println("  monitored concepts that explain part of it:");
            d.concepts().forEach(c -> out.printf(Locale.ROOT, "    %-32s %4.0f%% (cosine %+.2f)%n", c.id(), 100 * c.share(), c.cosine()));
        }
        out.println();
        out.println("Candidate replies that carry it most (look here first):");
        int rank = 1;
        for (final DatasetComparison.Ranked ranked : r.ranked()) {
            out.printf(Locale.ROOT, "  %2d. %s  projection %+.4f  %s%n", rank++, ranked.id(), ranked.projection(), excerpt(ranked.text()));
        }
        out.flush();
    }

    private static Map<String, float[]> directions(final ConceptCatalog catalog) {
        final Map<String, float[]> directions = new TreeMap<>();
        catalog.concepts().forEach(c -> directions.put(c.id(), c.direction()));
        return directions;
    }

    private static String excerpt(final String text) {
        final String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
    }

    private void writeJson(final DatasetComparison.Result result) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonOut.toFile(), result);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + jsonOut + ": " + e.getMessage(), e);
        }
    }
}
