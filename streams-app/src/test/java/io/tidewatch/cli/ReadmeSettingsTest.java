package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the operators' reference: it must match the code exactly. */
class ReadmeSettingsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| (`[^`]*`|\\(none\\)) \\| `([A-Z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void theReadmeListsEverySettingWithItsDefaultAndVariableAndNothingElse() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final Matcher m = ROW.matcher(readme);
        final List<String> documented = m.results().map(r -> r.group(1) + "=" + r.group(2) + " " + r.group(3)).toList();
        final List<String> actual = Arrays.stream(Setting.values())
                .map(s -> s.key() + "=" + (s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`") + " " + s.environmentVariable()).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(actual);
    }
}
