package io.tidewatch.cli;

import io.tidewatch.app.ConfigException;
import io.tidewatch.concept.CatalogFormatException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code tidewatch} command line: one command per operator action. {@code tidewatch bench}
 * lives in the benchmark module, which adds it to this command line (see {@code BenchMain}), so
 * the product jar carries no benchmark.
 */
@Command(name = "tidewatch", mixinStandardHelpOptions = true, version = "tidewatch 0.1.0",
        description = "Watches the aggregate tone of LLM chat traffic on Kafka and alerts when it drifts.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, CompareCommand.class, TrafficCommand.class, ConceptsCommand.class, ReferenceCommand.class,
                AlertmanagerCommand.class,
            CommandLine.HelpCommand.class})
public final class TidewatchCommand {

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, shared by {@link #main} and the tests.
     *
     * @param more commands to add beside the product's (annotated picocli commands), handled alike
     */
    public static CommandLine commandLine(final Object... more) {
        final CommandLine cli = new CommandLine(new TidewatchCommand());
        for (final Object command : more) {
            cli.addSubcommand(command);
        }
        // Set after every command is added: picocli gives the handler only to the commands it has then.
        return cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ConfigException || e instanceof CatalogFormatException) {
                        cmd.getErr().println("tidewatch: " + e.getMessage());
                        return 2;
                    }
                    final Throwable cause = rootCause(e);
                    if (e instanceof KafkaException && (cause instanceof org.apache.kafka.common.config.ConfigException
                            || cause instanceof IllegalArgumentException)) {
                        // A Kafka client refused its settings (a malformed JAAS entry, an unknown protocol...). Kafka's
                        // messages name the key and hide password values, so the cause is shown as it is.
                        cmd.getErr().println("tidewatch: the Kafka client settings are not valid: " + cause.getMessage());
                        return 2;
                    }
                    throw e;
                });
    }

    private static Throwable rootCause(final Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
