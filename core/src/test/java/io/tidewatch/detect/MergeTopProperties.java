package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** ReplyExemplar lists fed one reply at a time keep exactly the top of everything fed, ties to the earlier, each excerpt once. */
class MergeTopProperties {

    @Property
    void feedingOneAtATimeKeepsTheTopOfAllFedInOrder(@ForAll @Size(max = 40) final List<@IntRange(min = -5, max = 5) Integer> scores,
                                                     @ForAll @Size(max = 40) final List<@IntRange(min = 0, max = 8) Integer> texts,
                                                     @ForAll @IntRange(min = 1, max = 6) final int keep, @ForAll final boolean highest) {
        final Comparator<ReplyExemplar> order = highest ? SegmentState.BY_SCORE : SegmentState.BY_LOW_SCORE;
        final List<ReplyExemplar> fed = new ArrayList<>();
        List<ReplyExemplar> top = List.of();
        for (int i = 0; i < scores.size(); i++) {
            // Few distinct texts, so that copies are common; 0 stands for a reply kept without its excerpt.
            final int text = i < texts.size() ? texts.get(i) : i + 100;
            final ReplyExemplar one = new ReplyExemplar("c" + i, i, text == 0 ? null : "reply " + text, scores.get(i));
            fed.add(one);
            top = SegmentState.mergeTop(top, List.of(one), keep, order);
        }
        final List<ReplyExemplar> sorted = new ArrayList<>(fed);
        sorted.sort(order);
        final List<ReplyExemplar> definition = new ArrayList<>();
        for (final ReplyExemplar e : sorted) {
            if (e.excerpt() == null || definition.stream().noneMatch(kept -> e.excerpt().equals(kept.excerpt()))) {
                definition.add(e);
            }
        }
        assertThat(top).containsExactlyElementsOf(definition.subList(0, Math.min(keep, definition.size())));
    }
}
