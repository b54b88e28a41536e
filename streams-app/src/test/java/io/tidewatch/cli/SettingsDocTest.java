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

/** The settings table of docs/operations.md is the operators' reference: it must match the code exactly. */
class SettingsDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| (`[^`]*`|\\(none\\)) \\| `([A-Z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void theOperationsPageListsEverySettingWithItsDefaultAndVariableAndNothingElse() throws IOException {
        final String page = Files.readString(Path.of("..", "docs", "operations.md"));
        final Matcher m = ROW.matcher(page);
        final List<String> documented = m.results().map(r -> r.group(1) + "=" + r.group(2) + " " + r.group(3)).toList();
        final List<String> actual = Arrays.stream(Setting.values())
                .map(s -> s.key() + "=" + (s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`") + " " + s.environmentVariable()).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(actual);
    }
}
