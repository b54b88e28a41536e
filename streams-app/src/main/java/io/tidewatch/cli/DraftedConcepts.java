package io.tidewatch.cli;

import io.tidewatch.app.ConfigException;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptCheck;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.embed.Embedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code compare --draft-concept} and {@code concepts draft} do with a drafted concept: write, check, say how to publish. */
final class DraftedConcepts {

    private DraftedConcepts() {
    }

    /**
     * Writes the catalog plus {@code drafted} to {@code file}, checks the draft as
     * {@code concepts check} would against {@code neutral} traffic, and prints the outcome and the
     * command that publishes the file.
     *
     * @param catalog the catalog file the draft joins, or null for the built-in one
     * @param drafter the command that drafted it, named in the file's header
     * @return whether the draft passes the check
     */
    static boolean writeAndCheck(final ConceptSpec drafted, final List<ConceptSpec> specs, final Path catalog, final Path file,
                                 final String drafter, final Embedder embedder, final List<String> neutral, final PrintWriter out) {
        if (specs.stream().anyMatch(s -> s.id().equals(drafted.id()))) {
            throw new ConfigException("the catalog already has a concept '" + drafted.id() + "'; edit it instead of drafting another");
        }
        final List<ConceptSpec> all = new ArrayList<>(specs);
        all.add(drafted);
        ConceptCatalogFile.write(file, all, List.of("The catalog" + (catalog == null ? " shipped with tidewatch" : " of " + catalog)
                + ", plus '" + drafted.id() + "', drafted by " + drafter + ".", "Read its examples, then check and publish the whole file:",
                "  ./tidewatch concepts check " + file, "  ./tidewatch concepts publish " + file + " --bootstrap-servers HOST:PORT"));
        final ConceptCheck.Report report = ConceptCheck.run(all, embedder, neutral, ConceptCheck.Limits.defaults());
        final ConceptCheck.ConceptResult checked = report.concepts().stream().filter(c -> c.id().equals(drafted.id())).findFirst().orElseThrow();
        out.printf(Locale.ROOT, "Drafted concept %s (%d positive, %d negative examples) into %s, with the rest of the catalog.%n", drafted.id(),
                checked.positives(), checked.negatives(), file);
        out.printf(Locale.ROOT, "  check: leave-one-out AUC %.3f, effect %.2f spreads%s%n", checked.looAuc(), checked.effect(),
                checked.warnings().isEmpty() ? "; it passes" : "; " + String.join("; ", checked.warnings()));
        out.println("  read its examples, then publish the file: ./tidewatch concepts publish " + file + " --bootstrap-servers HOST:PORT");
        return checked.warnings().isEmpty();
    }
}
