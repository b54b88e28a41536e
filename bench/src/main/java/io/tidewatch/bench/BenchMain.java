package io.tidewatch.bench;

import io.tidewatch.cli.TidewatchCommand;
import picocli.CommandLine;

/**
 * The {@code tidewatch} command line with {@code bench} added: what the launcher runs for
 * {@code ./tidewatch bench ...}, with the product jar and this module's jar on the class path.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The product's command line, error handling included, plus {@code bench}. */
    public static CommandLine commandLine() {
        return TidewatchCommand.commandLine(new BenchCommand());
    }
}
