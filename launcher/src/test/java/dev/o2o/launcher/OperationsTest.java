package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.jobs.EngineJobs.Job;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators watch, on a running engine: the consumer lag of the jobs on real Kafka, and every
 * engine metric the shipped Grafana dashboard queries being served on {@code /metrics}. The engine
 * starts without its Flink jobs, so that their input waits for them as a backlog; the first test
 * starts them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String STORE = "berlin-mitte";
  private static final String SKU = "SHIRT-OXF-WHT-M";
  private static final int BACKLOG = 40;

  /**
   * The Flink metrics the dashboard reads, as Flink 2.2's Prometheus reporter names them: {@code
   * flink_} + the metric's logical scope + its name, with the scope's variables (job_name,
   * task_name, ...) as labels. The MiniCluster here runs no reporter, so they are checked against
   * this list: the names are Flink's documented system metrics ("Metrics" in the Flink
   * documentation), as they appear in flink-runtime 2.2.1 (MetricNames, the checkpoint statistics
   * tracker and the JVM status metrics).
   */
  private static final Set<String> FLINK_REPORTER_METRICS =
      Set.of(
          "flink_jobmanager_job_lastCheckpointDuration",
          "flink_jobmanager_job_numRestarts",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          "flink_jobmanager_job_numberOfCompletedCheckpoints",
          "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
          "flink_jobmanager_Status_JVM_Memory_Heap_Used",
          "flink_taskmanager_Status_JVM_Memory_Heap_Used",
          "flink_jobmanager_Status_JVM_CPU_Load",
          "flink_taskmanager_Status_JVM_CPU_Load");

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private EngineConfig config;
  private EmbeddedEngine engine;
  private EngineClients clients;
  private FlinkRunner jobs;

  @BeforeAll
  void startEngineWithoutJobs(@TempDir Path dataDir) throws Exception {
    config = TestEngines.config(TestEngines.freePorts(dataDir));
    engine = EmbeddedEngine.start(config, List.of());
    clients = new EngineClients(config, engine.apiUrl());
  }

  @AfterAll
  void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (jobs != null) {
      jobs.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void consumerLagCountsWhatAJobHasNotCommittedAndFallsToZeroOnceItCaughtUp() throws Exception {
    for (int i = 0; i < BACKLOG; i++) {
      clients.produce(Topics.STOCK, new StockReceived(id(), Instant.now(), STORE, SKU, 1));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Admin admin = Admin.create(config.kafka().clientConfig(Map.of()));
        ConsumerLag lag =
            new ConsumerLag(config.kafka(), admin, registry, ConsumerLag.engineReaders())) {
      lag.update();
      assertThat(lag(registry, "inventory", Topics.STOCK.name())).isEqualTo(BACKLOG);
      assertThat(lag(registry, "engagement", Topics.SALES.name())).isZero();
      // The engine's own monitor serves the same reading.
      await(
          "the engine to serve the inventory job's backlog",
          WAIT,
          () ->
              Optional.ofNullable(
                      scrape()
                          .get(
                              "o2o_consumer_lag{consumer=inventory,group=o2o-inventory,topic=o2o.stock}"))
                  .filter(value -> value == BACKLOG));

      jobs = FlinkRunner.start(config, List.of(Job.values()));
      jobs.awaitRunning(Duration.ofSeconds(90));
      // A visit: the engagement job writes it to o2o.visits in a Kafka transaction, and the
      // inventory and footfall jobs read it there.
      arrive("bm-entrance", "c-ops-1");
      List<TopicPartition> visits = partitions(admin, Topics.VISITS.name());
      await(
          "the inventory job to commit past the visit",
          WAIT,
          () ->
              Optional.of(committed(admin, Job.INVENTORY.consumerGroup(), visits))
                  .filter(
                      offsets -> offsets.values().stream().mapToLong(Long::longValue).sum() > 0));

      await(
          "every consumer lag to fall to 0",
          WAIT,
          () -> {
            try {
              lag.update();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return registry.find("o2o.consumer.lag").gauges().stream().allMatch(g -> g.value() == 0)
                ? Optional.of(true)
                : Optional.empty();
          });
      // The offsets still count the transaction's commit marker, which no job ever reads: the
      // reading found nothing left in that range and counts it 0.
      Map<TopicPartition, Long> stable =
          admin
              .listOffsets(
                  visits.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                  new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      Map<TopicPartition, Long> committed = committed(admin, Job.INVENTORY.consumerGroup(), visits);
      long offsetsBehind =
          visits.stream().mapToLong(p -> stable.get(p) - committed.getOrDefault(p, 0L)).sum();
      assertThat(offsetsBehind).isPositive();
      assertThat(lag(registry, "inventory", Topics.VISITS.name())).isZero();
      assertThat(lag(registry, "footfall", Topics.VISITS.name())).isZero();
    }
    await(
        "the engine to serve a lag of 0 for every job and topic",
        WAIT,
        () -> {
          Map<String, Double> lags =
              scrape().entrySet().stream()
                  .filter(e -> e.getKey().startsWith("o2o_consumer_lag{"))
                  .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
          return lags.size()
                      == ConsumerLag.engineReaders().stream().mapToInt(r -> r.topics().size()).sum()
                  && lags.values().stream().allMatch(v -> v == 0)
              ? Optional.of(lags)
              : Optional.empty();
        });
  }

  @Test
  @Order(2)
  void everyEngineMetricTheGrafanaDashboardQueriesIsServed() throws Exception {
    if (jobs == null) {
      jobs = FlinkRunner.start(config, List.of(Job.values()));
      jobs.awaitRunning(Duration.ofSeconds(90));
    }
    Set<String> queried = new TreeSet<>();
    for (JsonNode target :
        DashboardQueries.targets(
            new ObjectMapper().readTree(DashboardQueries.DASHBOARD.toFile()))) {
      queried.addAll(DashboardQueries.metricNames(target.get("expr").asText()));
    }
    assertThat(queried).contains("o2o_consumer_lag", "o2o_dead_letters_total");

    // Traffic that makes every lazily registered meter appear: a till sale over MQTT (gateway,
    // stock levels), a malformed one (dead letters), an arrival (visits), an API request.
    MqttAsyncClient store = clients.store(STORE);
    String sales = MqttTopics.store(STORE, StoreChannel.SALES);
    store.publish(sales, Json.encodeEvent(sale()), 1, false).waitForCompletion(10_000);
    store
        .publish(sales, "{\"type\":\"pos.sale\",".getBytes(StandardCharsets.UTF_8), 1, false)
        .waitForCompletion(10_000);
    arrive("bm-entrance", "c-ops-2");
    assertThat(clients.get("/api/availability/" + SKU).statusCode()).isEqualTo(200);

    Set<String> engineMetrics =
        queried.stream()
            .filter(name -> name.matches("(o2o|jvm|process|http)_.*"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(engineMetrics)
        .contains(
            "o2o_topic_records",
            "o2o_consumer_lag",
            "o2o_end_to_end_latency_seconds_bucket",
            "o2o_gateway_forward_latency_seconds_bucket",
            "o2o_gateway_spool_bytes",
            "o2o_gateway_spool_events",
            "o2o_http_requests_seconds_count",
            "jvm_memory_used_bytes",
            "process_cpu_usage");
    Set<String> served =
        await(
            "every engine metric of the dashboard on /metrics: " + engineMetrics,
            WAIT,
            () -> {
              Set<String> names = sampleNames();
              return names.containsAll(engineMetrics) ? Optional.of(names) : Optional.empty();
            });
    assertThat(served).containsAll(engineMetrics);
    assertThat(queried)
        .allSatisfy(
            name ->
                assertThat(
                        name.matches("(o2o|jvm|process|http)_.*")
                            || FLINK_REPORTER_METRICS.contains(name))
                    .as(name + " is served by the engine or Flink's reporter")
                    .isTrue());
  }

  private static long lag(SimpleMeterRegistry registry, String consumer, String topic) {
    Gauge gauge =
        registry.find("o2o.consumer.lag").tag("consumer", consumer).tag("topic", topic).gauge();
    assertThat(gauge).as(consumer + " reading " + topic).isNotNull();
    return (long) gauge.value();
  }

  private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static Map<TopicPartition, Long> committed(
      Admin admin, String group, List<TopicPartition> partitions) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      partitions.forEach(
          p -> {
            if (offsets.get(p) != null) {
              result.put(p, offsets.get(p).offset());
            }
          });
      return result;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The engine's /metrics as series (name and sorted labels, quotes dropped) to values. */
  private Map<String, Double> scrape() {
    Map<String, Double> series = new TreeMap<>();
    Matcher m = SAMPLE.matcher(metricsText());
    while (m.find()) {
      String labels = "";
      if (m.group(2) != null) {
        Map<String, String> sorted = new TreeMap<>();
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          sorted.put(l.group(1), l.group(2));
        }
        labels =
            sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
      }
      try {
        series.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
      } catch (NumberFormatException e) {
        series.put(m.group(1) + labels, Double.NaN);
      }
    }
    return series;
  }

  private Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE.matcher(metricsText());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private String metricsText() {
    try {
      return clients.get("/metrics").body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void arrive(String beacon, String customer) throws Exception {
    MqttAsyncClient gateway = clients.store(STORE);
    for (int i = 0; i < config.engagement().minSightings() + 1; i++) {
      BeaconSighting sighting =
          new BeaconSighting(id(), Instant.now(), STORE, beacon, customer, -60);
      gateway
          .publish(
              MqttTopics.store(STORE, StoreChannel.BEACONS), Json.encodeEvent(sighting), 1, false)
          .waitForCompletion(10_000);
      Thread.sleep(200);
    }
  }

  private PosSale sale() {
    return new PosSale(
        id(),
        Instant.now(),
        STORE,
        "r-" + id().substring(0, 8),
        SKU,
        1,
        config.catalogue().item(SKU).orElseThrow().price(),
        config.catalogue().currency(),
        null,
        null);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
