package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.cluster.FlinkRest;
import dev.o2o.cluster.LocalCluster;
import dev.o2o.cluster.ServiceProcess;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery on the local multi-process cluster: store traffic over MQTT through the gateway
 * and online traffic over Kafka run while, in turn, a TaskManager, a Geode server and the gateway
 * are killed with SIGKILL and brought back. In the end the inventory in the API, the visits and the
 * attribution must equal what the events sent give, and the time each part took to recover is
 * written to {@code target/local-cluster-recovery.txt}.
 */
class LocalClusterRecoveryIT {
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final int UNITS_RECEIVED = 100;
  private static final List<String> CAMPAIGNS = List.of("knit-season", "autumn-tailoring");

  @Test
  void losesNothingWhenATaskManagerAGeodeServerAndTheGatewayAreKilled(@TempDir Path dataDir)
      throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>(TestEngines.freePorts(dataDir));
    overrides.put("http.port", String.valueOf(EmbeddedEngine.freePort()));
    LocalCluster.Settings settings =
        new LocalCluster.Settings(
            TestEngines.SHIPPED_CONFIG,
            "embedded",
            overrides,
            2,
            0,
            2,
            0,
            0,
            jobsJar(),
            "1280m",
            // Two cores for eleven JVMs: the quick compiler and one GC thread are enough here.
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    List<String> report = new ArrayList<>();
    try (LocalCluster cluster = LocalCluster.start(settings);
        Closeable keepLogs = () -> copyLogs(cluster.logDir());
        EngineClients clients = new EngineClients(cluster.config(), cluster.apiUrl());
        ForwardWatch forwarded = new ForwardWatch(cluster.config())) {
      report.add(String.format("cluster start-up: %.1f s", seconds(cluster.startupTime())));
      Traffic traffic = new Traffic(cluster.config(), clients);
      traffic.stockUp();
      Map<String, long[]> delivered = traffic.expectedStock();
      await(
          "the deliveries in the API before the run",
          SETTLE,
          () -> Optional.of(stock(clients, delivered.keySet())).filter(delivered::equals));
      Thread driver = new Thread(traffic, "traffic");
      driver.start();
      try {
        Thread.sleep(8_000);
        report.addAll(killTaskManager(cluster));
        Thread.sleep(4_000);
        report.addAll(killGeodeServer(cluster));
        Thread.sleep(4_000);
        report.addAll(killGateway(cluster, traffic, forwarded));
        Thread.sleep(6_000);
      } finally {
        traffic.stop();
        driver.join(30_000);
      }
      traffic.rethrow();
      report.add(traffic.summary());

      // Every event the stores published reached Kafka through the gateway.
      await(
          "every store event forwarded to Kafka",
          SETTLE,
          () ->
              Optional.of(true).filter(t -> forwarded.seen().containsAll(traffic.storeEventIds())));

      Map<String, long[]> expectedStock = traffic.expectedStock();
      Map<String, long[]> actualStock =
          await(
              "the inventory in the API to equal the reference",
              SETTLE,
              () ->
                  Optional.of(stock(clients, expectedStock.keySet()))
                      .filter(expectedStock::equals));
      assertThat(actualStock).isEqualTo(expectedStock);
      report.add("inventory: " + expectedStock.size() + " sku@store levels equal the reference");

      Map<String, String> expectedVisits = traffic.visits();
      List<Visit> opened =
          await(
              "an open visit for every arriving customer",
              SETTLE,
              () ->
                  Optional.of(opened(clients))
                      .filter(visits -> visits.size() >= expectedVisits.size()));
      assertThat(opened.stream().collect(Collectors.toMap(Visit::customerId, Visit::storeId)))
          .isEqualTo(expectedVisits);
      assertThat(opened).hasSize(expectedVisits.size());
      Map<String, long[]> expectedFootfall = traffic.expectedFootfall();
      assertThat(
              await(
                  "door entries and visits per store in the API",
                  SETTLE,
                  () ->
                      Optional.of(footfall(clients, expectedFootfall.keySet()))
                          .filter(expectedFootfall::equals)))
          .isEqualTo(expectedFootfall);
      report.add(
          "visits: "
              + opened.size()
              + " opened, one per arriving customer; door entries and visits per store equal");

      List<AttributedVisit> attributed =
          await(
              "an attribution for every visit",
              SETTLE,
              () ->
                  Optional.of(clients.readAll(Topics.ATTRIBUTIONS, Duration.ofSeconds(2)))
                      .filter(all -> all.size() >= expectedVisits.size()));
      assertThat(attributed).hasSize(expectedVisits.size());
      Map<String, String> expectedCredit = traffic.clickedCampaigns();
      assertThat(
              attributed.stream()
                  .collect(
                      Collectors.toMap(
                          AttributedVisit::customerId,
                          a -> a.campaigns().stream().map(c -> c.campaignId()).toList())))
          .isEqualTo(
              expectedCredit.entrySet().stream()
                  .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
      for (String campaign : CAMPAIGNS) {
        long clickers = expectedCredit.values().stream().filter(campaign::equals).count();
        JsonNode kpis =
            await(
                campaign + "'s clicks and attributed visits in the API",
                SETTLE,
                () ->
                    Optional.of(get(clients, "/api/campaigns/" + campaign + "?model=last"))
                        .filter(r -> r.path("attributedVisits").asDouble() >= clickers));
        assertThat(kpis.path("clicks").asLong()).isEqualTo(clickers);
        assertThat(kpis.path("attributedVisits").asDouble()).isEqualTo((double) clickers);
      }
      report.add(
          "attribution: "
              + attributed.size()
              + " visits each credited once to the campaign clicked; campaign clicks and"
              + " attributed visits equal");
    } finally {
      writeReport(report);
    }
  }

  private static List<String> killTaskManager(LocalCluster cluster) throws Exception {
    FlinkRest flink = cluster.flink();
    ServiceProcess victim = cluster.service("taskmanager-1");
    Map<String, Long> restoresBefore = restores(flink);
    Instant killed = Instant.now();
    victim.kill();
    ServiceProcess replacement = cluster.startTaskManager();
    await(
        "the jobs to fail over after the TaskManager was killed",
        Duration.ofSeconds(60),
        () -> Optional.of(true).filter(t -> !cluster.jobsRunning()));
    cluster.awaitJobsRunning(Duration.ofSeconds(120));
    Duration recovered = Duration.between(killed, Instant.now());
    Map<String, Long> restoresAfter = restores(flink);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "TaskManager %s killed -> every job RUNNING again with all tasks: %.1f s"
                + " (replacement %s)",
            victim.name(), seconds(recovered), replacement.name()));
    restoresAfter.forEach(
        (job, count) ->
            lines.add(
                "  "
                    + job
                    + " restored from a checkpoint "
                    + (count - restoresBefore.getOrDefault(job, 0L))
                    + " time(s)"));
    assertThat(restoresAfter.values().stream().mapToLong(Long::longValue).sum())
        .isGreaterThan(restoresBefore.values().stream().mapToLong(Long::longValue).sum());
    return lines;
  }

  private static List<String> killGeodeServer(LocalCluster cluster) throws Exception {
    String sku = cluster.config().catalogue().items().get(0).sku();
    ReadProbe probe = new ReadProbe(cluster.apiUrl() + "/api/availability/" + sku);
    Thread reader = new Thread(probe, "geode-read-probe");
    reader.start();
    try {
      Thread.sleep(1_000);
      ServiceProcess victim = cluster.service("geode-server-1");
      Instant killed = Instant.now();
      victim.kill();
      Instant served =
          await(
              "a Geode read served after the kill",
              Duration.ofSeconds(60),
              () -> probe.firstSuccessStartedAfter(killed));
      Instant restartBegun = Instant.now();
      cluster.restart(victim.name());
      Instant back = Instant.now();
      Thread.sleep(1_000);
      return List.of(
          String.format(
              "Geode server %s killed -> first read served through the API: %.3f s"
                  + " (longest gap between served reads %.3f s, %d failed reads)",
              victim.name(),
              seconds(Duration.between(killed, served)),
              seconds(probe.longestGap()),
              probe.failures()),
          String.format(
              "  %s started again and serving in %.1f s",
              victim.name(), seconds(Duration.between(restartBegun, back))));
    } finally {
      probe.stop();
      reader.join(10_000);
    }
  }

  private static List<String> killGateway(
      LocalCluster cluster, Traffic traffic, ForwardWatch forwarded) throws Exception {
    ServiceProcess gateway = cluster.service(LocalCluster.GATEWAY);
    Instant killed = Instant.now();
    gateway.kill();
    // The stores keep publishing for a while with no gateway: the broker keeps it for the session.
    Thread.sleep(2_000);
    Instant restartBegun = Instant.now();
    cluster.restart(LocalCluster.GATEWAY);
    Instant healthy = Instant.now();
    Instant forwarding =
        await(
            "an event published after the kill forwarded to Kafka",
            Duration.ofSeconds(60),
            () -> forwarded.firstSeenOf(traffic.storeEventsPublishedAfter(killed)));
    return List.of(
        String.format(
            "gateway killed -> forwarding again (first event published after the kill on Kafka):"
                + " %.1f s, of which 2.0 s down on purpose; restart to healthy %.1f s",
            seconds(Duration.between(killed, forwarding)),
            seconds(Duration.between(restartBegun, healthy))));
  }

  private static Map<String, Long> restores(FlinkRest flink) throws Exception {
    Map<String, Long> restores = new TreeMap<>();
    for (FlinkRest.JobState job : flink.jobs()) {
      if (job.state().equals("RUNNING")) {
        restores.put(job.name(), flink.restores(job.id()));
      }
    }
    return restores;
  }

  /** sku@store to {on hand, reserved}, as the API serves them. */
  private static Map<String, long[]> stock(EngineClients clients, Set<String> keys) {
    Map<String, long[]> levels = new TreeMap<>();
    Set<String> skus =
        keys.stream().map(k -> k.substring(0, k.indexOf('@'))).collect(Collectors.toSet());
    for (String sku : skus) {
      for (JsonNode location : get(clients, "/api/availability/" + sku).path("locations")) {
        String key = sku + "@" + location.path("locationId").asText();
        if (keys.contains(key)) {
          levels.put(
              key,
              new long[] {location.path("onHand").asLong(), location.path("reserved").asLong()});
        }
      }
    }
    return new Figures(levels);
  }

  /** storeId to {door entries, visits} over the last hour, as the API serves them. */
  private static Map<String, long[]> footfall(EngineClients clients, Set<String> stores) {
    Map<String, long[]> figures = new TreeMap<>();
    for (String store : stores) {
      long entries = 0;
      long visits = 0;
      for (JsonNode entry :
          get(clients, "/api/footfall?minutes=120&store=" + store).path("stores")) {
        for (JsonNode minute : entry.path("minutes")) {
          entries += minute.path("doorEntries").asLong();
          visits += minute.path("visits").asLong();
        }
      }
      figures.put(store, new long[] {entries, visits});
    }
    return new Figures(figures);
  }

  private static List<Visit> opened(EngineClients clients) {
    return clients.readAll(Topics.VISITS, Duration.ofSeconds(2)).stream()
        .filter(v -> v.status() == VisitStatus.OPEN)
        .toList();
  }

  private static JsonNode get(EngineClients clients, String path) {
    try {
      return clients.getJson(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path jobsJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../flink-jobs/target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("o2o-flink-jobs-.*-jobs\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no jobs jar in flink-jobs/target: run this test with mvn verify"));
    }
  }

  /** Keeps every service's log under target/, where a failed run can be looked into. */
  private static void copyLogs(Path logDir) throws IOException {
    Path target = Path.of("target", "local-cluster-logs");
    if (Files.isDirectory(target)) {
      try (Stream<Path> old = Files.list(target)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(target);
    try (Stream<Path> logs = Files.list(logDir)) {
      for (Path log : logs.toList()) {
        Files.copy(log, target.resolve(log.getFileName()));
      }
    }
  }

  private static void writeReport(List<String> report) throws IOException {
    String text =
        "Local cluster crash recovery, "
            + Instant.now()
            + "\n"
            + report.stream().collect(Collectors.joining("\n", "", "\n"));
    System.out.print(text);
    Files.createDirectories(Path.of("target"));
    Files.writeString(
        Path.of("target", "local-cluster-recovery.txt"), text, StandardCharsets.UTF_8);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /** A map whose long[] values compare by content, so maps of figures can be compared whole. */
  private static final class Figures extends TreeMap<String, long[]> {
    Figures(Map<String, long[]> figures) {
      figures.forEach((key, value) -> put(key, value));
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Map<?, ?> map) || map.size() != size()) {
        return false;
      }
      return entrySet().stream()
          .allMatch(
              e ->
                  map.get(e.getKey()) instanceof long[] value
                      && java.util.Arrays.equals(value, e.getValue()));
    }

    @Override
    public int hashCode() {
      return keySet().hashCode();
    }

    @Override
    public String toString() {
      return entrySet().stream()
          .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
  }

  /**
   * Store and online traffic, one step every 100 ms until stopped, each event kept for the
   * reference: till sales and returns, door counts and customers' arrivals (beacon sightings) over
   * MQTT as the stores' gateways; deliveries, click-and-collect orders and their pick-ups, and
   * campaign clicks over Kafka as the online shop.
   */
  private static final class Traffic implements Runnable {
    private static final int SKUS = 6;

    private final EngineConfig config;
    private final EngineClients clients;
    private final Random random = new Random(6);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<StoreConfig> stores;
    private final List<String> skus;
    private final Map<String, MqttAsyncClient> gateways = new HashMap<>();
    private final List<Event> sent = new ArrayList<>();
    private final Map<String, Instant> storeEvents = new ConcurrentHashMap<>();
    private final Map<String, String> visits = new LinkedHashMap<>();
    private final Map<String, String> clicked = new LinkedHashMap<>();
    private final List<OrderPlaced> openOrders = new ArrayList<>();
    private volatile Exception failure;
    private int customers;

    Traffic(EngineConfig config, EngineClients clients) throws Exception {
      this.config = config;
      this.clients = clients;
      this.stores = config.stores();
      this.skus = config.catalogue().items().stream().limit(SKUS).map(item -> item.sku()).toList();
      for (StoreConfig store : stores) {
        gateways.put(store.id(), clients.store(store.id()));
      }
    }

    void stockUp() throws Exception {
      for (StoreConfig store : stores) {
        for (String sku : skus) {
          online(
              Topics.STOCK,
              new StockReceived(id(), Instant.now(), store.id(), sku, UNITS_RECEIVED));
        }
      }
    }

    @Override
    public void run() {
      try {
        while (running.get()) {
          step();
          Thread.sleep(100);
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    private void step() throws Exception {
      StoreConfig store = stores.get(random.nextInt(stores.size()));
      String sku = skus.get(random.nextInt(skus.size()));
      BigDecimal price = config.catalogue().item(sku).orElseThrow().price();
      int roll = random.nextInt(100);
      if (roll < 40) {
        inStore(
            store,
            StoreChannel.SALES,
            new PosSale(
                id(),
                Instant.now(),
                store.id(),
                receipt(),
                sku,
                1 + random.nextInt(2),
                price,
                currency(),
                null,
                null));
      } else if (roll < 45) {
        inStore(
            store,
            StoreChannel.SALES,
            new PosReturn(
                id(), Instant.now(), store.id(), receipt(), sku, 1, price, currency(), null));
      } else if (roll < 65) {
        inStore(
            store,
            StoreChannel.DOOR,
            new DoorCount(
                id(), Instant.now(), store.id(), "main", 1 + random.nextInt(3), random.nextInt(2)));
      } else if (roll < 80) {
        arrive(store);
      } else if (roll < 90 || openOrders.isEmpty()) {
        OrderPlaced order =
            new OrderPlaced(
                id(),
                Instant.now(),
                "o-" + id().substring(0, 8),
                "c-online",
                Fulfilment.CLICK_AND_COLLECT,
                store.id(),
                currency(),
                List.of(new OrderLine(sku, 1, price)),
                null,
                null,
                null);
        online(Topics.ORDERS, order);
        openOrders.add(order);
      } else {
        OrderPlaced order = openOrders.remove(random.nextInt(openOrders.size()));
        online(
            Topics.ORDERS,
            new OrderPickedUp(id(), Instant.now(), order.orderId(), order.storeId()));
      }
    }

    /** A new customer clicks a campaign online, then walks into the store. */
    private void arrive(StoreConfig store) throws Exception {
      String customer = String.format("c-cluster-%03d", ++customers);
      String campaign = CAMPAIGNS.get(customers % CAMPAIGNS.size());
      online(
          Topics.TOUCHES,
          new OnlineTouch(id(), Instant.now(), customer, TouchKind.CLICK, campaign, null));
      clicked.put(customer, campaign);
      Thread.sleep(300);
      String beacon = store.beacons().get(0).id();
      for (int i = 0; i < config.engagement().minSightings() + 1; i++) {
        inStore(
            store,
            StoreChannel.BEACONS,
            new BeaconSighting(id(), Instant.now(), store.id(), beacon, customer, -60));
        Thread.sleep(100);
      }
      visits.put(customer, store.id());
    }

    private <V extends Event> void online(dev.o2o.contract.Topic<V> topic, V event)
        throws Exception {
      clients.produce(topic, event);
      synchronized (sent) {
        sent.add(event);
      }
    }

    private void inStore(StoreConfig store, StoreChannel channel, Event event) throws Exception {
      Instant publishedAt = Instant.now();
      gateways
          .get(store.id())
          .publish(MqttTopics.store(store.id(), channel), Json.encodeEvent(event), 1, false)
          .waitForCompletion(10_000);
      storeEvents.put(event.eventId(), publishedAt);
      synchronized (sent) {
        sent.add(event);
      }
    }

    void stop() {
      running.set(false);
    }

    void rethrow() throws Exception {
      if (failure != null) {
        throw failure;
      }
    }

    Set<String> storeEventIds() {
      return Set.copyOf(storeEvents.keySet());
    }

    Set<String> storeEventsPublishedAfter(Instant moment) {
      return storeEvents.entrySet().stream()
          .filter(e -> e.getValue().isAfter(moment))
          .map(Map.Entry::getKey)
          .collect(Collectors.toSet());
    }

    Map<String, String> visits() {
      return Map.copyOf(visits);
    }

    Map<String, String> clickedCampaigns() {
      return Map.copyOf(clicked);
    }

    /** sku@store to {on hand, reserved}, replayed from what was sent. */
    Map<String, long[]> expectedStock() {
      Map<String, long[]> levels = new TreeMap<>();
      Map<String, OrderPlaced> orders = new HashMap<>();
      synchronized (sent) {
        for (Event event : sent) {
          if (event instanceof StockReceived received) {
            level(levels, received.sku(), received.locationId())[0] += received.quantity();
          } else if (event instanceof PosSale sale) {
            level(levels, sale.sku(), sale.storeId())[0] -= sale.quantity();
          } else if (event instanceof PosReturn returned) {
            level(levels, returned.sku(), returned.storeId())[0] += returned.quantity();
          } else if (event instanceof OrderPlaced order) {
            orders.put(order.orderId(), order);
            for (OrderLine line : order.lines()) {
              level(levels, line.sku(), order.storeId())[1] += line.quantity();
            }
          } else if (event instanceof OrderPickedUp pickedUp) {
            for (OrderLine line : orders.get(pickedUp.orderId()).lines()) {
              long[] level = level(levels, line.sku(), pickedUp.storeId());
              level[0] -= line.quantity();
              level[1] -= line.quantity();
            }
          }
        }
      }
      return new Figures(levels);
    }

    /** storeId to {door entries, visits opened}. */
    Map<String, long[]> expectedFootfall() {
      Map<String, long[]> figures = new TreeMap<>();
      stores.forEach(store -> figures.put(store.id(), new long[2]));
      synchronized (sent) {
        for (Event event : sent) {
          if (event instanceof DoorCount count) {
            figures.get(count.storeId())[0] += count.entries();
          }
        }
      }
      visits.values().forEach(store -> figures.get(store)[1]++);
      return new Figures(figures);
    }

    String summary() {
      synchronized (sent) {
        Map<String, Long> byType =
            sent.stream()
                .collect(
                    Collectors.groupingBy(
                        e -> e.getClass().getSimpleName(), TreeMap::new, Collectors.counting()));
        return "traffic: " + sent.size() + " events " + byType + ", " + visits.size() + " arrivals";
      }
    }

    private static long[] level(Map<String, long[]> levels, String sku, String location) {
      return levels.computeIfAbsent(sku + "@" + location, k -> new long[2]);
    }

    private String currency() {
      return config.catalogue().currency();
    }

    private static String receipt() {
      return "r-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  /**
   * Reads what the gateway forwards (sales, door counts and beacon sightings on Kafka) and notes
   * when each event id was first seen.
   */
  private static final class ForwardWatch implements AutoCloseable {
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ForwardWatch(EngineConfig config) {
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  config.kafka().bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "test-forward-watch-" + System.nanoTime(),
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      consumer.subscribe(
          List.of(Topics.SALES.name(), Topics.DOOR_COUNTS.name(), Topics.BEACONS.name()));
      thread =
          new Thread(
              () -> {
                try (consumer) {
                  while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      Instant now = Instant.now();
                      try {
                        String eventId =
                            Json.mapper().readTree(record.value()).path("eventId").asText();
                        seen.putIfAbsent(eventId, now);
                      } catch (IOException e) {
                        // not an event of this test
                      }
                    }
                  }
                }
              },
              "forward-watch");
      thread.start();
    }

    Set<String> seen() {
      return seen.keySet();
    }

    Optional<Instant> firstSeenOf(Set<String> eventIds) {
      return eventIds.stream().map(seen::get).filter(t -> t != null).min(Instant::compareTo);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }

  /**
   * Reads one availability from the API every 50 ms (the API reads Geode), noting when each read
   * began and whether it was served.
   */
  private static final class ReadProbe implements Runnable {
    private final java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final java.net.http.HttpRequest request;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Instant[]> served = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int failures;

    ReadProbe(String url) {
      request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
              .timeout(Duration.ofSeconds(15))
              .build();
    }

    @Override
    public void run() {
      while (running.get()) {
        Instant begun = Instant.now();
        try {
          int status =
              http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status == 200) {
            served.add(new Instant[] {begun, Instant.now()});
          } else {
            failures++;
          }
        } catch (IOException e) {
          failures++;
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    Optional<Instant> firstSuccessStartedAfter(Instant moment) {
      return served.stream().filter(r -> r[0].isAfter(moment)).map(r -> r[1]).findFirst();
    }

    Duration longestGap() {
      Duration longest = Duration.ZERO;
      for (int i = 1; i < served.size(); i++) {
        Duration gap = Duration.between(served.get(i - 1)[1], served.get(i)[1]);
        if (gap.compareTo(longest) > 0) {
          longest = gap;
        }
      }
      return longest;
    }

    int failures() {
      return failures;
    }

    void stop() {
      running.set(false);
    }
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
