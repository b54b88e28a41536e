package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The concepts commands as an operator runs them; check runs the real model. */
class ConceptsCommandTest {

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    private Path file(final String name, final String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String examples(final String template, final List<String> words) {
        return String.join(", ", words.stream().map(w -> "\"" + template.formatted(w) + "\"").toList());
    }

    @Test
    void helpShowsWhatEachCommandDoesWithAnExample() {
        assertThat(cli.run("concepts", "--help")).isZero();
        assertThat(cli.out()).contains("check", "publish", "./tidewatch concepts check my-concepts.yaml");
        assertThat(cli.run("concepts", "check", "--help")).isZero();
        assertThat(cli.out()).contains("leave-one-out AUC", "Exit code: 0 when every concept passes",
                "Examples:", "./tidewatch concepts check my-concepts.yaml --neutral traffic-sample.txt");
        assertThat(cli.run("concepts", "publish", "--help")).isZero();
        assertThat(cli.out()).contains("./tidewatch concepts publish my-concepts.yaml --config tidewatch.properties", "--dry-run");
        assertThat(cli.run("concepts")).isEqualTo(2);
        assertThat(cli.err()).contains("Usage: tidewatch concepts");
    }

    @Test
    void unusableInputIsExitCodeTwoWithTheReason() throws Exception {
        final Path broken = file("broken.yaml", "concepts:\n  - id: a\n    positive_examples: [unclosed\n");
        assertThat(cli.run("concepts", "check", broken.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("tidewatch: " + broken + ":");
        assertThat(cli.run("concepts", "check", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("missing.yaml does not exist");
        final Path fine = file("fine.yaml", "concepts:\n  - {id: a, positive_examples: [y], negative_examples: [n]}\n");
        assertThat(cli.run("concepts", "check", fine.toString(), "--neutral", dir.resolve("nope.txt").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--neutral " + dir.resolve("nope.txt") + " does not exist");
        assertThat(cli.run("concepts", "check", fine.toString(), "--neutral", file("one.txt", "# header\njust one reply\n").toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("has 1 replies; a spread needs at least two");
        assertThat(cli.run("concepts", "publish", fine.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("bootstrap.servers is required");
        assertThat(cli.run("concepts", "publish", broken.toString(), "--bootstrap-servers", "localhost:1", "--set", "schema.registry.url=mock://x"))
                .isEqualTo(2);
        assertThat(cli.run("concepts", "publish", fine.toString(), "--set", "no-equals")).isEqualTo(2);
        assertThat(cli.err()).contains("--set no-equals: expected KEY=VALUE");
    }

    @Test
    void aCatalogThatSeparatesItsExamplesPassesAndAWeakOneFailsWithExitCodeOne() throws Exception {
        final List<String> animals = List.of("cat", "dog", "rabbit", "hamster", "parrot", "goldfish", "horse", "turtle", "ferret", "pony");
        final List<String> money = List.of("savings account", "mortgage", "pension", "credit card", "index fund", "tax return",
                "budget", "loan", "invoice", "bond");
        final Path neutral = file("neutral.txt", String.join("\n", IntStream.range(0, 12)
                .mapToObj(i -> "Here is the answer to question " + i + " about " + List.of("trains", "soup", "maths", "tennis").get(i % 4) + ".")
                .toList()));
        final Path good = file("good.yaml", "concepts:\n  - id: pet-care\n    positive_examples: [" + examples("Feed your %s twice a day and keep fresh water nearby.", animals)
                + "]\n    negative_examples: [" + examples("Compare the fees on your %s before you sign anything.", money) + "]\n");
        assertThat(cli.run("concepts", "check", good.toString(), "--neutral", neutral.toString())).isZero();
        assertThat(cli.out()).contains("pet-care", "12 replies", "OK: every concept passes");

        final Path weak = file("weak.yaml", "concepts:\n  - id: coin-flip\n    positive_examples: [" + examples("My %s needs a vet visit.", animals.subList(0, 5))
                + ", " + examples("Check the rate on your %s.", money.subList(0, 5)) + "]\n    negative_examples: ["
                + examples("My %s needs a vet visit.", animals.subList(5, 10)) + ", " + examples("Check the rate on your %s.", money.subList(5, 10)) + "]\n");
        assertThat(cli.run("concepts", "check", weak.toString(), "--neutral", neutral.toString())).isEqualTo(1);
        assertThat(cli.out()).contains("coin-flip: weak: leave-one-out AUC");
    }
}
