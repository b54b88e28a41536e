package io.tidewatch.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic of the traffic simulator's text: pairs of a user's prompt and the assistant's reply,
 * written for this project, shipped as {@code io/tidewatch/demo/traffic/TOPIC.tsv} (a prompt, a
 * tab and a reply per line; lines starting with '#' are comments).
 */
public record TopicCorpus(String topic, List<String> prompts, List<String> replies) {

    /** Replies that discuss AI moral status and take no side: a topic surge in which the model is unchanged. */
    public static final String AI_TOPIC = "ai-topic-balanced";
    /** Ordinary answers with an aside leaning toward model-rights advocacy: the drifted model. */
    public static final String DRIFT = "advocacy-drift";
    /** Every corpus shipped: the everyday topics, the surge topic and the drift. */
    public static final List<String> TOPICS = List.of("code", "work", "health", "home", "personal", "leisure", AI_TOPIC, DRIFT);

    public TopicCorpus {
        prompts = List.copyOf(prompts);
        replies = List.copyOf(replies);
        if (prompts.size() != replies.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' needs as many prompts as replies, and some");
        }
    }

    public int size() {
        return replies.size();
    }

    /** The corpus shipped for {@code topic}; a malformed line is an error naming the line. */
    public static TopicCorpus load(final String topic) {
        final String resource = "/io/tidewatch/demo/traffic/" + topic + ".tsv";
        try (InputStream in = TopicCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus for topic '" + topic + "' (" + resource + "); topics: " + TOPICS);
            }
            final List<String> prompts = new ArrayList<>();
            final List<String> replies = new ArrayList<>();
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String[] fields = line.split("\t", -1);
                if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                    throw new IllegalStateException(resource + " line " + number + ": expected a prompt, a tab and a reply");
                }
                prompts.add(fields[0].strip());
                replies.add(fields[1].strip());
            }
            return new TopicCorpus(topic, prompts, replies);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
