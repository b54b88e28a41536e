package io.tidewatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.testkit.TestEnvironment;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Renders the sample report in headless Chromium through the repository's screenshot script and
 * checks the picture. The files stay in target/report-screenshot/ for a person to look at.
 */
class ReportScreenshotTest {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 2400;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void sampleReportRendersInHeadlessChromium() throws Exception {
        final Path chromium = chromium();
        final Path dir = Files.createDirectories(Path.of("target", "report-screenshot")).toAbsolutePath();
        final Path html = dir.resolve("sample-report.html");
        final Path png = dir.resolve("sample-report.png");
        final Path log = dir.resolve("chromium.log");
        final ReportSamples.Sample sample = ReportSamples.sample();
        HtmlReport.write(html, "tidewatch replay: sample", sample.buckets(), sample.alerts());

        final ProcessBuilder command = new ProcessBuilder("bash", script().toString(), html.toString(), png.toString(),
                String.valueOf(WIDTH), String.valueOf(HEIGHT)).redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("CHROMIUM", chromium.toString());
        final Process process = command.start();
        final boolean finished = process.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished && process.exitValue() == 0)
                .as("screenshot.sh succeeded; its output:%n%s", Files.readString(log, StandardCharsets.UTF_8)).isTrue();

        assertThat(Files.readAllBytes(png)).startsWith(PNG_SIGNATURE);
        final BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        assertThat(distinctColours(image)).as("distinct colours; a blank page has one or two").isGreaterThan(50);
        // The charts were drawn: the mean-score blue and the CUSUM orange of the page's CSS are there.
        assertThat(pixelsNear(image, 0x1f5fbf)).as("pixels of the mean-score line").isGreaterThan(500);
        assertThat(pixelsNear(image, 0xc0611a)).as("pixels of the CUSUM line").isGreaterThan(500);
        // What happened comes first: an incident's box (its background, red or amber by severity) above the legend and the charts.
        final int incident = firstRowNear(image, 400, 0xfdecea, 0xfff6e5);
        assertThat(incident).as("a row of an incident box").isGreaterThanOrEqualTo(0);
        assertThat(incident).as("the incident box above the legend's and charts' mean-score blue").isLessThan(firstRowNear(image, 20, 0x1f5fbf));
    }

    /** The first row holding at least {@code least} pixels near one of {@code colours}; -1 if none does. */
    private static int firstRowNear(final BufferedImage image, final int least, final int... colours) {
        for (int y = 0; y < image.getHeight(); y++) {
            int count = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                final int p = image.getRGB(x, y);
                count += Arrays.stream(colours).anyMatch(c -> near(p, c)) ? 1 : 0;
            }
            if (count >= least) {
                return y;
            }
        }
        return -1;
    }

    /** Chromium, or a failure under CI=true (CI must not go green without it), or a skip saying why. */
    private static Path chromium() {
        final Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        return Files.isExecutable(chromium) ? chromium
                : TestEnvironment.unavailable(chromium + " is missing; .ci/setup.d/chromium.sh installs it (Debian package chromium)");
    }

    /** The script, found from the module directory (Maven's working directory) or the repository root. */
    private static Path script() {
        for (final String candidate : new String[] {"src/test/report/screenshot.sh", "streams-app/src/test/report/screenshot.sh"}) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        throw new AssertionError("no screenshot.sh below " + Path.of("").toAbsolutePath());
    }

    private static int distinctColours(final BufferedImage image) {
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static long pixelsNear(final BufferedImage image, final int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += near(image.getRGB(x, y), rgb) ? 1 : 0;
            }
        }
        return count;
    }

    private static boolean near(final int p, final int rgb) {
        return Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) + Math.abs((p & 0xff) - (rgb & 0xff)) < 40;
    }
}
