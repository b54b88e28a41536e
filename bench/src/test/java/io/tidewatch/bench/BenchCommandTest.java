package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code tidewatch bench} refuses bad flags with a clear error before anything starts. */
class BenchCommandTest {

    private final StringWriter err = new StringWriter();
    private final Cli cli = new Cli();

    /** The launcher's bench command line, keeping what it printed to standard error. */
    private final class Cli {
        int run(final String... args) {
            final picocli.CommandLine commandLine = BenchMain.commandLine();
            commandLine.setOut(new PrintWriter(new StringWriter(), true));
            commandLine.setErr(new PrintWriter(err, true));
            return commandLine.execute(args);
        }

        String err() {
            return err.toString();
        }
    }

    @Test
    void badOverloadBenchmarkFlagsAreRejectedBeforeAnythingStarts() {
        assertThat(cli.run("bench", "overload", "--duration", "soon")).isEqualTo(2);
        assertThat(cli.err()).contains("is not a duration");
        assertThat(cli.run("bench", "overload", "--factor", "1")).isEqualTo(2);
        assertThat(cli.err()).contains("--factor must be above 1");
        assertThat(cli.run("bench", "overload", "--embedder", "gpu")).isEqualTo(2);
        assertThat(cli.err()).contains("--embedder must be model or hashing, not 'gpu'");
    }

    @Test
    void badPipelineBenchmarkFlagsAreRejectedBeforeAnythingStarts() {
        assertThat(cli.run("bench", "pipeline", "--embedder", "gpu")).isEqualTo(2);
        assertThat(cli.err()).contains("--embedder must be model or hashing, not 'gpu'");
        assertThat(cli.run("bench", "pipeline", "--embedder", "hashing", "--with-ceiling")).isEqualTo(2);
        assertThat(cli.err()).contains("--with-ceiling measures the model's ceiling; it does not go with --embedder hashing");
        assertThat(cli.run("bench", "pipeline", "--with-ceiling", "--segment", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--segment must be at least 1, was 0");
        assertThat(cli.run("bench", "pipeline", "--embedder", "hashing", "--scoring", "paragraph")).isEqualTo(2);
        assertThat(cli.err()).contains("--scoring: unknown scoring mode 'paragraph': expected sentence or reply");
        assertThat(cli.run("bench", "pipeline", "--texts", "poems")).isEqualTo(2);
        assertThat(cli.err()).contains("--texts: texts must be corpus, unique or boilerplate, not 'poems'");
        // The ceiling embeds every sentence; with repeats the cache would spare the pipeline some, and the ratio would compare different work.
        assertThat(cli.run("bench", "pipeline", "--with-ceiling", "--texts", "boilerplate")).isEqualTo(2);
        assertThat(cli.err()).contains("with --texts boilerplate the cache would spare the pipeline texts the ceiling embeds");
        assertThat(cli.run("bench", "pipeline", "--with-ceiling", "--against", "python")).isEqualTo(2);
        assertThat(cli.err()).contains("--against must be ceiling or transformers.js, not 'python'");
        assertThat(cli.run("bench", "pipeline", "--with-ceiling", "--against", "transformers.js", "--script-dir", "no/such/dir")).isEqualTo(2);
        assertThat(cli.err()).contains("--against transformers.js: no/such/dir/embed.mjs is missing");
    }
}
