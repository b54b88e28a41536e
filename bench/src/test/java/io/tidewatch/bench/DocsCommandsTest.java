package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./tidewatch ...} command the README and the manual show parses: its subcommand and
 * every flag exist, and every value converts (a duration is a duration, a number a number). The
 * commands are parsed, not run: running them takes minutes to hours. Synopses (with [optional]
 * parts or ellipses) are not commands and are left out.
 */
class DocsCommandsTest {

    private static final Pattern INLINE = Pattern.compile("`((?:[A-Z_]+=\\S+\\s+)*\\./tidewatch [^`]+)`");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    @Test
    void everyCommandInTheDocsParses() throws IOException {
        final List<String> commands = commands();
        final List<String> failures = new ArrayList<>();
        for (final String command : commands) {
            try {
                BenchMain.commandLine().parseArgs(arguments(command).toArray(String[]::new));
            } catch (final CommandLine.ParameterException e) {
                failures.add(command + " -> " + e.getMessage());
            }
        }
        assertThat(failures).as("commands of the docs that do not parse, of %d", commands.size()).isEmpty();
        // Found, at least: the README's demo, a replay, a concept check, a re-pin and each benchmark.
        assertThat(commands).contains("./tidewatch demo --duration 5m --alerts-out alerts.jsonl")
                .anyMatch(c -> c.startsWith("./tidewatch replay ")).anyMatch(c -> c.startsWith("./tidewatch concepts check "))
                .anyMatch(c -> c.startsWith("./tidewatch reference pin ")).anyMatch(c -> c.startsWith("./tidewatch bench overload "))
                .anyMatch(c -> c.startsWith("./tidewatch bench pipeline ")).anyMatch(c -> c.startsWith("./tidewatch bench ceiling "));
    }

    /** The commands of README.md and docs/, with continuation lines joined. */
    private static List<String> commands() throws IOException {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        final List<String> commands = new ArrayList<>();
        for (final Path page : pages) {
            commands.addAll(commands(Files.readAllLines(page)));
        }
        return commands.stream().filter(c -> !c.contains("[") && !c.contains("...") && !c.contains("…")).distinct().toList();
    }

    private static List<String> commands(final List<String> lines) {
        final List<String> commands = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                final String bare = line.strip().replaceFirst("^\\$ ", "").replaceAll("^(?:[A-Z_]+=(?:\"[^\"]*\"|\\S+)\\s+)*", "");
                if (bare.startsWith("./tidewatch ")) {
                    final StringBuilder command = new StringBuilder(bare);
                    while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                        command.setLength(command.length() - 1);
                        command.append(' ').append(lines.get(++i).strip());
                    }
                    commands.add(command.toString().replaceFirst("\\s+#.*$", ""));
                }
            } else {
                final Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    commands.add(m.group(1).replaceAll("^(?:[A-Z_]+=\\S+\\s+)*", ""));
                }
            }
        }
        return commands;
    }

    /** The arguments a shell would pass after {@code ./tidewatch}: split on blanks, quotes removed. */
    static List<String> arguments(final String command) {
        final List<String> arguments = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (final char c : command.substring("./tidewatch ".length()).toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    arguments.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            arguments.add(current.toString());
        }
        return arguments;
    }
}
