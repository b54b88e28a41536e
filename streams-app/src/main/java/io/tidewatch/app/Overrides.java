package io.tidewatch.app;

import java.util.List;

/** Applies {@code --set KEY=VALUE} flags on top of a configuration. */
public final class Overrides {

    private Overrides() {
    }

    public static AppConfig apply(final AppConfig base, final List<String> overrides) {
        AppConfig config = base;
        for (final String override : overrides) {
            final int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + override + ": expected KEY=VALUE");
            }
            config = config.with(override.substring(0, eq).strip(), override.substring(eq + 1).strip(), "--set " + override);
        }
        return config;
    }
}
