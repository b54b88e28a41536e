package io.tidewatch.concept;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sample of assistant replies, one per line in UTF-8, blank lines and '#' lines skipped: the
 * demo's traffic and the neutral traffic that {@code concepts check} measures spreads against.
 */
public final class ReplyCorpus {

    private ReplyCorpus() {
    }

    public static List<String> fromResource(final String resource) {
        try (InputStream in = ReplyCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("reply corpus " + resource + " missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> read(final Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read replies from " + file, e);
        }
    }

    private static List<String> parse(final BufferedReader in) {
        return in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
