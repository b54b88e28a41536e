package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermGroupsTest {

    private static final List<String> KEY_TERMS = List.of("a", "b", "c", "d");

    private static List<Set<String>> sentences(final Object... counted) {
        final List<Set<String>> all = new ArrayList<>();
        for (int i = 0; i < counted.length; i += 2) {
            @SuppressWarnings("unchecked")
            final Set<String> terms = (Set<String>) counted[i];
            all.addAll(Collections.nCopies((Integer) counted[i + 1], terms));
        }
        return all;
    }

    @Test
    void termsThatNeverShareASentenceAreSeparateGroupsMostRepliesFirst() {
        final List<TermGroups.Group> groups = TermGroups.of(KEY_TERMS, sentences(Set.of("c", "d"), 3, Set.of("b", "a"), 4, Set.of(), 5));
        assertThat(groups).extracting(TermGroups.Group::terms).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(groups.get(0).replies()).containsExactly(3, 4, 5, 6);
        assertThat(groups.get(1).replies()).containsExactly(0, 1, 2);
    }

    @Test
    void termsLinkedThroughOtherSentencesAreOneGroupSoNoSubThemes() {
        assertThat(TermGroups.of(KEY_TERMS, sentences(Set.of("a", "b"), 3, Set.of("b", "c"), 1, Set.of("c", "d"), 3))).isEmpty();
        assertThat(TermGroups.of(KEY_TERMS, sentences(Set.of("a"), 10))).isEmpty();
    }

    @Test
    void aGroupOfFewerRepliesThanTheMinimumIsAStraySentence() {
        assertThat(TermGroups.of(KEY_TERMS, sentences(Set.of("a"), 5, Set.of("c"), TermGroups.MIN_REPLIES - 1))).isEmpty();
        assertThat(TermGroups.of(KEY_TERMS, sentences(Set.of("a"), 5, Set.of("c"), TermGroups.MIN_REPLIES))).hasSize(2);
    }

    @Test
    void aTermNoSentenceHoldsBelongsToNoGroupAndUnknownTermsAreIgnored() {
        final List<TermGroups.Group> groups = TermGroups.of(KEY_TERMS, sentences(Set.of("a", "x"), 3, Set.of("c", "y"), 3));
        assertThat(groups).extracting(TermGroups.Group::terms).containsExactly(List.of("a"), List.of("c"));
    }
}
