package io.tidewatch.cli;

import io.tidewatch.concept.CatalogFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidewatch} command line: one command per operator action. */
@Command(name = "tidewatch", mixinStandardHelpOptions = true, version = "tidewatch 0.1.0",
        description = "Watches the aggregate tone of LLM chat traffic on Kafka and alerts when it drifts.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, TrafficCommand.class, ConceptsCommand.class, ReferenceCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class TidewatchCommand {

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new TidewatchCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ConfigException || e instanceof CatalogFormatException) {
                        cmd.getErr().println("tidewatch: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
    }
}
