package io.tidewatch.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The app's settings: defaults, overridden by a config file ({@code key=value} lines, '#'
 * comments), overridden by {@code TIDEWATCH_*} environment variables, overridden by command-line
 * flags. Keys starting with {@code tidewatch.} and variables starting with {@code TIDEWATCH_}
 * must be known, so a typo fails loudly; other keys pass through to Kafka.
 */
public final class AppConfig {

    /** Prefix of every environment variable tidewatch reads. */
    public static final String ENV_PREFIX = "TIDEWATCH_";
    /** {@code TIDEWATCH_KAFKA_SASL_JAAS_CONFIG} sets the Kafka client key {@code sasl.jaas.config}. */
    public static final String KAFKA_ENV_PREFIX = ENV_PREFIX + "KAFKA_";
    /** Read by the launcher script, not by the app. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("TIDEWATCH_JAVA_OPTS");

    private final Map<Setting, String> values;
    private final Map<Setting, String> origins;
    private final Map<String, String> kafka;

    private AppConfig(final Map<Setting, String> values, final Map<Setting, String> origins, final Map<String, String> kafka) {
        this.values = values;
        this.origins = origins;
        this.kafka = kafka;
    }

    public static AppConfig defaults() {
        final Map<Setting, String> values = new EnumMap<>(Setting.class);
        final Map<Setting, String> origins = new EnumMap<>(Setting.class);
        for (final Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
            origins.put(s, "default");
        }
        return new AppConfig(values, origins, new LinkedHashMap<>());
    }

    /** Defaults overridden by the settings in {@code file}. */
    public static AppConfig fromFile(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (final NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        AppConfig config = defaults();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int eq = line.indexOf('=');
            final String where = file + ":" + (i + 1);
            final String key = eq <= 0 ? "" : line.substring(0, eq).strip();
            if (key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':')) {
                // The line is not quoted: a mistyped one may well hold a password.
                throw new ConfigException(where + ": expected key=value with a key of no spaces or colons (the line is not shown, in case it holds a secret)");
            }
            config = config.with(key, line.substring(eq + 1).strip(), where);
        }
        return config;
    }

    /**
     * A copy with every {@code TIDEWATCH_*} variable of {@code environment} applied: a setting's
     * own variable ({@link Setting#environmentVariable()}), or {@code TIDEWATCH_KAFKA_X_Y} for the
     * Kafka client key {@code x.y}.
     */
    public AppConfig withEnvironment(final Map<String, String> environment) {
        AppConfig config = this;
        for (final Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            final String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            final String origin = "environment variable " + name;
            final Setting setting = Arrays.stream(Setting.values()).filter(s -> s.environmentVariable().equals(name)).findFirst().orElse(null);
            if (setting != null) {
                config = config.with(setting, variable.getValue(), origin);
            } else if (name.startsWith(KAFKA_ENV_PREFIX) && name.length() > KAFKA_ENV_PREFIX.length()) {
                config = config.with(name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), variable.getValue(), origin);
            } else {
                throw new ConfigException(origin + " is not a tidewatch setting (see the settings table in docs/operations.md)");
            }
        }
        return config;
    }

    /** A copy with {@code key} set; {@code origin} names where the value came from, for error messages. */
    public AppConfig with(final String key, final String value, final String origin) {
        final Map<Setting, String> newValues = new EnumMap<>(values);
        final Map<Setting, String> newOrigins = new EnumMap<>(origins);
        final Map<String, String> newKafka = new LinkedHashMap<>(kafka);
        final Setting setting = Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst().orElse(null);
        if (setting != null) {
            newValues.put(setting, value);
            newOrigins.put(setting, origin);
        } else if (key.startsWith("tidewatch.")) {
            throw new ConfigException(origin + ": unknown setting '" + key + "' (see the settings table in docs/operations.md)");
        } else {
            newKafka.put(key, value);
        }
        return new AppConfig(newValues, newOrigins, newKafka);
    }

    public AppConfig with(final Setting setting, final String value, final String origin) {
        return with(setting.key(), value, origin);
    }

    public String string(final Setting setting) {
        return values.get(setting);
    }

    public int integer(final Setting setting) {
        return typed(setting, Integer::parseInt, "an integer");
    }

    public double decimal(final Setting setting) {
        return typed(setting, Double::parseDouble, "a number");
    }

    public boolean bool(final Setting setting) {
        return typed(setting, AppConfig::parseBoolean, "true or false");
    }

    public Duration duration(final Setting setting) {
        return typed(setting, Durations::parse, "a duration such as 30s, 5m or 24h");
    }

    public List<String> list(final Setting setting) {
        return Arrays.stream(string(setting).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Parses a value with {@code parser}; a failure names the key, its origin and what was expected. */
    public <T> T typed(final Setting setting, final Function<String, T> parser, final String expected) {
        try {
            return parser.apply(string(setting));
        } catch (final RuntimeException e) {
            throw new ConfigException(origins.get(setting) + ": " + setting.key() + " = '" + string(setting)
                    + "' is not " + expected + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static boolean parseBoolean(final String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(text);
    }

    public String require(final Setting setting) {
        final String value = string(setting);
        if (value == null || value.isBlank()) {
            throw new ConfigException(setting.key() + " is required (" + setting.description() + ")");
        }
        return value;
    }

    /** Settings passed through to Kafka Streams and its clients. */
    public Properties kafkaProperties() {
        final Properties props = new Properties();
        props.putAll(kafka);
        return props;
    }
}
