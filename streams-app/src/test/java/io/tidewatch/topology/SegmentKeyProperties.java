package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SegmentKeyProperties {

    @Property
    void parseInvertsFormatForAnyLabelsAndValues(@ForAll @Size(max = 4) final Map<@NotEmpty String, String> segment) {
        assertThat(SegmentKey.parse(SegmentKey.format(segment))).isEqualTo(segment);
    }

    @Test
    void theKeyIsSortedByLabelAndEscapesSeparators() {
        assertThat(SegmentKey.format(Map.of("model", "v2", "locale", "en,GB=x"))).isEqualTo("locale=en%2CGB%3Dx,model=v2");
    }

    @Test
    void aPartWithoutEqualsIsRejected() {
        assertThatThrownBy(() -> SegmentKey.parse("model")).hasMessageContaining("'model' is not label=value");
    }
}
