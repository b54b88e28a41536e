package io.tidewatch.topology;

import io.tidewatch.avro.ConversationTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A setting for the turns whose {@code label} (model, tenant, locale or an attribute) has {@code
 * value}: a tenant's data agreement may allow no excerpt, a busy tenant may be sampled at a lower
 * rate. Rules are written {@code label=value:setting}, comma-separated, and the first rule a turn
 * matches applies to it.
 *
 * @param <T> the setting's type
 */
public record LabelRule<T>(String label, String value, T setting) {

    /** Whether the turn's {@code label} has this rule's value. */
    public boolean matches(final ConversationTurn turn) {
        return SegmentKey.labelValue(turn, label).equals(value);
    }

    /** The setting of the first rule the turn matches, else {@code otherwise}. */
    public static <T> T first(final List<LabelRule<T>> rules, final ConversationTurn turn, final T otherwise) {
        for (final LabelRule<T> rule : rules) {
            if (rule.matches(turn)) {
                return rule.setting();
            }
        }
        return otherwise;
    }

    /**
     * Parses rules written {@code label=value:setting}, comma-separated; blank for none. A value
     * may itself hold colons (model ids do): the setting follows the last one.
     *
     * @param example a valid rule, shown when one is malformed
     * @param setting parses and checks a setting; an {@link IllegalArgumentException} from it names what was wrong
     * @throws IllegalArgumentException naming the first malformed rule
     */
    public static <T> List<LabelRule<T>> parse(final String text, final String example, final Function<String, T> setting) {
        final List<LabelRule<T>> rules = new ArrayList<>();
        for (final String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            final int eq = part.indexOf('=');
            final int colon = part.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == part.length() - 1) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not label=value:setting (for example " + example + ")");
            }
            final String label = part.substring(0, eq).strip();
            final String value = part.substring(eq + 1, colon).strip();
            try {
                rules.add(new LabelRule<>(label, value, setting.apply(part.substring(colon + 1).strip())));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + part.strip() + "': " + e.getMessage());
            }
        }
        return List.copyOf(rules);
    }
}
