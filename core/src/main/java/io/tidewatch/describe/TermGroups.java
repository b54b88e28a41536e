package io.tidewatch.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a shift's key terms into groups that never share a sentence: the sub-themes of a shift
 * made of more than one theme. Each reply that carries the shift contributes the key terms of
 * the one sentence it is shown by; terms found in one such sentence belong together, and so,
 * transitively, do terms linked through other sentences. One theme's terms meet in its
 * sentences ("try Quillory, a handy app for notes"); two themes' terms do not (a reply pushing an
 * app and a reply pushing gold rarely say both in one sentence), so they fall apart.
 */
public final class TermGroups {

    /** Fewest replies a group needs to count: fewer is a stray sentence, not a sub-theme. */
    public static final int MIN_REPLIES = 3;

    private TermGroups() {
    }

    /**
     * One group: its terms, in the order of the key terms given, and the replies (their indices in
     * the input) whose sentence holds them.
     */
    public record Group(List<String> terms, List<Integer> replies) {

        public Group {
            terms = List.copyOf(terms);
            replies = List.copyOf(replies);
        }
    }

    /**
     * The groups of {@code keyTerms} that the replies' sentences ({@code sentenceTerms}: per
     * reply, the key terms of its sentence; empty when it holds none) link, each with at least
     * {@link #MIN_REPLIES} replies, most replies first; empty unless there are two or more, since
     * one group is the shift itself.
     */
    public static List<Group> of(final List<String> keyTerms, final List<Set<String>> sentenceTerms) {
        final Map<String, String> parent = new HashMap<>();
        keyTerms.forEach(term -> parent.put(term, term));
        for (final Set<String> terms : sentenceTerms) {
            String first = null;
            for (final String term : terms) {
                if (!parent.containsKey(term)) {
                    continue;
                }
                if (first == null) {
                    first = root(parent, term);
                } else {
                    parent.put(root(parent, term), first);
                    first = root(parent, first);
                }
            }
        }
        final Map<String, List<Integer>> replies = new LinkedHashMap<>();
        for (int i = 0; i < sentenceTerms.size(); i++) {
            final String any = sentenceTerms.get(i).stream().filter(parent::containsKey).findFirst().orElse(null);
            if (any != null) {
                replies.computeIfAbsent(root(parent, any), r -> new ArrayList<>()).add(i);
            }
        }
        final List<Group> groups = new ArrayList<>();
        replies.forEach((root, members) -> {
            if (members.size() >= MIN_REPLIES) {
                groups.add(new Group(keyTerms.stream().filter(term -> root(parent, term).equals(root)).toList(), members));
            }
        });
        if (groups.size() < 2) {
            return List.of();
        }
        groups.sort(Comparator.comparingInt((Group g) -> -g.replies().size()));
        return List.copyOf(groups);
    }

    private static String root(final Map<String, String> parent, final String term) {
        String at = term;
        while (!parent.get(at).equals(at)) {
            at = parent.get(at);
        }
        return at;
    }
}
