package io.tidewatch.describe;

import java.util.List;

/**
 * A piece of a reply shown as evidence: one sentence that mattered, with as much of the text
 * around it as the excerpt cap allows.
 *
 * @param excerpt  the sentence and its neighbouring text, at most the cap in characters, "…" where
 *                 the reply's text was cut
 * @param sentence the sentence the excerpt is centred on, as it appears in the excerpt (cut, with
 *                 "…", when the sentence alone is longer than the cap)
 * @param concepts the concepts whose score this sentence gave, in catalog order; empty for a
 *                 sentence kept because it is the least like the rest of its reply
 */
public record Passage(String excerpt, String sentence, List<String> concepts) {

    public Passage {
        concepts = List.copyOf(concepts);
    }
}
