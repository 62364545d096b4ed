package dev.o2o.inventory;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Event;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.Sourcing;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.inventory.InventoryReferenceModel.Level;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.KnownIds;
import dev.o2o.jobs.TestEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the inventory topology at parallelism 2 over long random streams (repeats, events out of
 * order within the watermark bound, orders racing for the last units) and checks the final level of
 * every sku at every location against {@link InventoryReferenceModel}, to the unit.
 */
class InventoryExactnessTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final int EVENTS = 3000;
  private static final InventoryTraffic.Shape SHAPE =
      new InventoryTraffic.Shape(
          List.of("berlin-mitte", "hamburg-jungfernstieg", "berlin-kudamm"),
          "online-dc",
          List.of("SHIRT-OXF-WHT-M", "BLAZER-NAVY-50", "CHINO-BEIGE-32", "BELT-LEATHER-90"),
          T0,
          25,
          TestEngine.config().engine().maxOutOfOrderness());
  private static final String RACE_SKU = "KNIT-MERINO-M";
  private static final int RACE_UNITS = 5;
  private static final int RACERS = 12;
  private static final int TAIL = 300;

  private final EngineConfig config = TestEngine.config();
  private final KnownIds known = KnownIds.of(config);

  @ParameterizedTest
  @ValueSource(longs = {7, 42, 1234})
  void ledgerMatchesASequentialReplayOfShuffledEvents(long seed) throws Exception {
    Streams streams =
        Streams.of(
            InventoryTraffic.of(seed, SHAPE)
                .withRace(new InventoryTraffic.Race(RACE_SKU, RACE_UNITS, RACERS))
                .withQuietTail(TAIL)
                .generate(EVENTS));

    StreamExecutionEnvironment env = BoundedInputs.environment();
    InventoryJob.Outputs out =
        InventoryJob.topology(
            BoundedInputs.of(
                env,
                StockMovement.class,
                StockMovement::occurredAt,
                streams.sales().stream().map(e -> InventoryInputs.fromSales(e, known)).toList()),
            // Orders trail the other inputs, so the racers meet the stock that was received.
            BoundedInputs.paced(
                env,
                OrderEvent.class,
                OrderEvent::occurredAt,
                streams.orders().stream().map(OrderEvent::of).toList(),
                1500),
            BoundedInputs.of(
                env,
                StockMovement.class,
                StockMovement::occurredAt,
                streams.stock().stream().map(e -> InventoryInputs.fromStock(e, known)).toList()),
            BoundedInputs.of(
                env,
                Visit.class,
                Visit::enteredAt,
                List.of(new Visit("v-1", "c-1", "berlin-mitte", T0, T0, VisitStatus.OPEN, 2))),
            config);
    CloseableIterator<StockLevel> levels = out.stockLevels().collectAsync();
    CloseableIterator<ReservationDecision> decisions = out.reservations().collectAsync();
    env.execute("inventory-exactness-" + seed);

    List<StockLevel> emitted = drain(levels);
    List<ReservationDecision> decided = drain(decisions);
    InventoryReferenceModel model =
        new InventoryReferenceModel(config.inventory().reservationTtl());

    // Expiries are stamped at their deadline, so the levels before it show the open orders' holds.
    Instant firstExpiry = T0.plus(config.inventory().reservationTtl());
    assertThat(levels(latest(emitted.stream().filter(l -> l.updatedAt().isBefore(firstExpiry)))))
        .isEqualTo(model.replay(streams.all(), decided, firstExpiry.minusMillis(1)));
    // The inputs end, so event time reaches the end of time and every open order expires.
    Map<String, Level> expected = model.replay(streams.all(), decided, Instant.MAX);
    Map<String, StockLevel> latest = latest(emitted.stream());
    assertThat(levels(latest)).isEqualTo(expected);
    assertThat(latest.values())
        .allSatisfy(
            level ->
                assertThat(level.available()).isEqualTo(expected.get(level.key()).available()));
    // The stream exercises every way of sourcing, and sourcing again after a store refused.
    assertThat(decided)
        .extracting(ReservationDecision::sourcing)
        .contains(
            Sourcing.CHOSEN_STORE, Sourcing.NEAREST_STORE, Sourcing.TRANSFER, Sourcing.SHIP_FROM);
    assertThat(decided)
        .filteredOn(d -> d.eventId().startsWith("orj-") || d.eventId().startsWith("osp-"))
        .extracting(ReservationDecision::accepted)
        .contains(true);
    assertThat(decided)
        .filteredOn(d -> d.sku().equals(RACE_SKU))
        .hasSize(RACERS)
        .filteredOn(ReservationDecision::accepted)
        .hasSize(RACE_UNITS);
  }

  private static Map<String, StockLevel> latest(Stream<StockLevel> emitted) {
    return BoundedInputs.latest(
        emitted.toList(), StockLevel::key, Comparator.comparingLong(StockLevel::version));
  }

  private static Map<String, Level> levels(Map<String, StockLevel> latest) {
    Map<String, Level> levels = new TreeMap<>();
    latest.forEach((key, level) -> levels.put(key, Level.of(level)));
    return levels;
  }

  /** The three inputs, each in the order it is delivered. */
  private record Streams(List<Event> sales, List<Event> stock, List<Event> orders) {
    static Streams of(List<InventoryTraffic.Delivery> deliveries) {
      return new Streams(
          on(deliveries, Topics.SALES),
          on(deliveries, Topics.STOCK),
          on(deliveries, Topics.ORDERS));
    }

    private static List<Event> on(List<InventoryTraffic.Delivery> deliveries, Topic<Event> topic) {
      return deliveries.stream()
          .filter(d -> d.topic() == topic)
          .map(InventoryTraffic.Delivery::event)
          .toList();
    }

    List<Event> all() {
      List<Event> all = new ArrayList<>(sales);
      all.addAll(stock);
      all.addAll(orders);
      return all;
    }
  }
}
