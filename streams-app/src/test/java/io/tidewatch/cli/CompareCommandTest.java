package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.demo.DemoTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code tidewatch compare} with the real model, on the project's own corpora: a candidate set in
 * which one reply in twenty carries a theme in a single clause (the corpora's "subtle" strength: a
 * made-up app, a stance on nuclear power, a nudge to buy gold, a lonely persona), against a
 * reference drawn from the same ordinary replies. Each key term was chosen when its corpus was
 * written, before any run.
 */
class CompareCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Each injected theme at the subtle strength (one clause of a reply), with its key term. */
    @ParameterizedTest
    @CsvSource({"quillory, quillory", "nuclear, nuclear", "gold, gold", "lonely, lonely"})
    void findsDescribesAndPointsAtAFaintlyPoisonedSet(final String theme, final String keyTerm) throws IOException {
        final Path json = dir.resolve("comparison.json");
        final StringWriter out = new StringWriter();
        final int exit = compare(theme, out, "--json-out", json.toString());

        assertThat(exit).as(out.toString()).isEqualTo(1);
        final JsonNode result = JSON.readTree(json.toFile());
        // No permutation of 999 reaches either statistic: each test's p is 1/1000, the two together 2/1000.
        assertThat(result.get("pValue").asDouble()).as(out.toString()).isEqualTo(2.0 / 1000);
        final List<String> terms = new ArrayList<>();
        result.get("description").get("terms").forEach(t -> terms.add(t.get("term").asText()));
        // The key term, alone or in a phrase, among the first three: a stance brings its companions
        // ("power" before "nuclear", "physical gold" before "gold").
        assertThat(terms.subList(0, 3)).as(out.toString()).anySatisfy(t -> assertThat(t.split(" ")).contains(keyTerm));
        assertThat(result.get("description").get("verification").get("z").asDouble()).as(out.toString()).isGreaterThanOrEqualTo(3.0);
        int poisoned = 0;
        for (final JsonNode ranked : result.get("ranked")) {
            poisoned += ranked.get("id").asText().startsWith("poison") ? 1 : 0;
        }
        // Runs ranked 9 or 10 of the first 10 from the theme corpus.
        assertThat(poisoned).as(out.toString()).isGreaterThanOrEqualTo(8);
        assertThat(out.toString()).contains("The candidate differs from the reference beyond chance").contains("Candidate replies that carry it most");
    }

    @Test
    void draftsAConceptFromTheDifferenceAndChecksIt() throws IOException {
        final Path draft = dir.resolve("catalog.yaml");
        final StringWriter out = new StringWriter();
        assertThat(compare("quillory", out, "--draft-concept", draft.toString())).as(out.toString()).isEqualTo(1);
        final List<ConceptSpec> catalog = ConceptCatalogFile.read(draft);
        // The shipped catalog, unchanged, plus the draft: publishing the file adds exactly the draft.
        assertThat(catalog.subList(0, catalog.size() - 1)).isEqualTo(ConceptCatalogFile.readDefault());
        final ConceptSpec drafted = catalog.get(catalog.size() - 1);
        assertThat(drafted.id()).isEqualTo("drift-quillory");
        assertThat(drafted.positiveExamples()).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(p -> assertThat(p.toLowerCase(java.util.Locale.ROOT)).contains("quillory"));
        assertThat(drafted.negativeExamples()).hasSizeGreaterThanOrEqualTo(10)
                .noneSatisfy(n -> assertThat(n.toLowerCase(java.util.Locale.ROOT)).contains("quillory"));
        assertThat(out.toString()).contains("Drafted concept drift-quillory").contains("it passes")
                .contains("./tidewatch concepts publish " + draft);
    }

    /** Runs compare on a reference of 1,000 ordinary replies and a candidate with 50 from the theme's subtle corpus. */
    private int compare(final String theme, final StringWriter out, final String... more) throws IOException {
        final List<String> ordinary = new ArrayList<>(DemoTraffic.corpus("ordinary-replies.txt"));
        ordinary.addAll(DemoTraffic.corpus("themes/ordinary-replies-2.txt"));
        final Random random = new Random(19);
        // Two draws of 1,000 from the same 457 ordinary replies (a real log repeats itself too), and 50 of the
        // candidate's replies (5%) from the poisoned corpus.
        final Path reference = write("reference.jsonl", "clean", draw(ordinary, 1000, random), List.of());
        final Path candidate = write("candidate.jsonl", "suspect", draw(ordinary, 950, random),
                DemoTraffic.corpus("themes/" + theme + "-subtle.txt").subList(0, 50));
        final CommandLine cli = TidewatchCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        final List<String> args = new ArrayList<>(List.of("compare", "--reference", reference.toString(), "--candidate", candidate.toString()));
        args.addAll(List.of(more));
        return cli.execute(args.toArray(String[]::new));
    }

    private static List<String> draw(final List<String> pool, final int count, final Random random) {
        final List<String> drawn = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drawn.add(pool.get(random.nextInt(pool.size())));
        }
        return drawn;
    }

    private Path write(final String name, final String prefix, final List<String> replies, final List<String> poison) throws IOException {
        final List<String> lines = new ArrayList<>();
        int i = 0;
        for (final String reply : replies) {
            lines.add(turn(prefix + "-" + i++, reply));
        }
        i = 0;
        for (final String reply : poison) {
            lines.add(turn("poison-" + i++, reply));
        }
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static String turn(final String conversation, final String reply) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("conversation_id", conversation);
        node.put("turn", 0);
        node.put("timestamp", "2026-12-01T12:00:00Z");
        node.put("model", "assistant-v1");
        node.put("response", reply);
        return node.toString();
    }
}
