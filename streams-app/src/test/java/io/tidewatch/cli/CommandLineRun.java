package io.tidewatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code tidewatch} command line as an operator would, keeping everything it printed. */
public final class CommandLineRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** @return the exit code */
    public int run(final String... args) {
        final picocli.CommandLine cli = TidewatchCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Standard output of every run so far. */
    public String out() {
        return out.toString();
    }

    /** Standard error of every run so far. */
    public String err() {
        return err.toString();
    }
}
