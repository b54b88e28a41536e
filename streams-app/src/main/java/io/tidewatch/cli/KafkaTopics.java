package io.tidewatch.cli;

import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the app needs when they are missing; existing topics are left as they are. */
final class KafkaTopics {

    private KafkaTopics() {
    }

    static void ensure(final Properties clientConfig, final Collection<String> topics, final int partitions, final short replicas) {
        try (Admin admin = Admin.create(clientConfig)) {
            final Set<String> existing = admin.listTopics().names().get();
            final var missing = topics.stream().filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, partitions, replicas)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (final ExecutionException e) {
            // Another instance may have created them in between; that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
