package io.tidewatch.topology;

import io.tidewatch.avro.ConversationTurn;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical string form of a segment: {@code label=value} pairs sorted by label and joined by
 * commas, with labels and values URL-encoded so that ',' and '=' inside them stay unambiguous.
 */
public final class SegmentKey {

    private SegmentKey() {
    }

    public static String format(final Map<String, String> segment) {
        return new TreeMap<>(segment).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** A turn's value of a segment label: model, tenant, locale or one of its attributes; "unknown" when it has none. */
    public static String labelValue(final ConversationTurn turn, final String label) {
        final String value = switch (label) {
            case "model" -> turn.getModel();
            case "tenant" -> turn.getTenant();
            case "locale" -> turn.getLocale();
            default -> turn.getAttributes().get(label);
        };
        return value == null || value.isBlank() ? "unknown" : value;
    }

    public static Map<String, String> parse(final String key) {
        final Map<String, String> segment = new TreeMap<>();
        if (key.isEmpty()) {
            return segment;
        }
        for (final String pair : key.split(",")) {
            final int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("segment key part '" + pair + "' is not label=value");
            }
            segment.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return segment;
    }

    private static String encode(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(final String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
