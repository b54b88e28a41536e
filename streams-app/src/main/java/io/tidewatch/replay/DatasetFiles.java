package io.tidewatch.replay;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.describe.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A dataset of replies read from turn files (the replay's readers and formats) and embedded the
 * way the live pipeline embeds them, for comparisons that need no broker.
 */
public final class DatasetFiles {

    /** Replies embedded per call: large enough to fill the model's batches, small enough for steady progress. */
    private static final int BATCH = 64;

    private DatasetFiles() {
    }

    /**
     * The replies of {@code files}, each with its embedding.
     *
     * @param format   the files' format, or null to guess it from each name
     * @param rejected told of each line that is not a turn; reading goes on
     * @param progress told of the distinct replies embedded so far
     */
    public static List<Example> read(final List<Path> files, final TurnFormat format, final ReplyScorer scorer,
                                     final Consumer<RejectedLine> rejected, final Consumer<Integer> progress) {
        final List<ConversationTurn> turns = new ArrayList<>();
        for (final Path file : files) {
            TurnFiles.read(file, TurnFormat.forFile(format, file), turns::add, rejected);
        }
        // Logs and training sets repeat replies (greetings, boilerplate, duplicated examples): each distinct text is embedded once.
        final List<String> distinct = turns.stream().map(t -> t.getResponse().toString()).distinct().toList();
        final Map<String, float[]> embeddings = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH) {
            final List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
            final List<ReplyScorer.Scored> scored = scorer.score(batch);
            for (int i = 0; i < batch.size(); i++) {
                embeddings.put(batch.get(i), scored.get(i).embedding());
            }
            progress.accept(embeddings.size());
        }
        final List<Example> examples = new ArrayList<>(turns.size());
        for (final ConversationTurn turn : turns) {
            final String conversation = turn.getConversationId().toString();
            final String text = turn.getResponse().toString();
            examples.add(new Example(conversation + "#" + turn.getTurn(), conversation, text, embeddings.get(text)));
        }
        return examples;
    }
}
