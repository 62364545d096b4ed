package dev.o2o.launcher;

import dev.o2o.config.KafkaSettings;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the engine's topics, as the topic contract lists them, where they are missing. Both the
 * embedded default and a distributed deployment run it before anything produces.
 */
public final class TopicSetup {
  private TopicSetup() {}

  /** Returns the names of the topics it created. */
  public static List<String> ensure(KafkaSettings kafka)
      throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(
            kafka.clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          Topics.ALL.stream()
              .map(Topic::name)
              .filter(name -> !existing.contains(name))
              .map(name -> new NewTopic(name, kafka.partitions(), kafka.replicationFactor()))
              .toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException(
              "Kafka at " + kafka.bootstrapServers() + " did not create the topics in 60 s", e);
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }
}
