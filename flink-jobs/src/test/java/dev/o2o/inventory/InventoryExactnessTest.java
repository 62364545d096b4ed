package dev.o2o.inventory;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShipped;
import dev.o2o.contract.OrderShortPicked;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.SafetyStockSet;
import dev.o2o.contract.Sourcing;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StockTransferredIn;
import dev.o2o.contract.StockTransferredOut;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.inventory.InventoryReferenceModel.Level;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.KnownIds;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
  private static final long STEP_MILLIS = 25;

  /** Below the test inputs' out-of-orderness bound of one second. */
  private static final int JITTER_MILLIS = 900;

  private static final String WAREHOUSE = "online-dc";
  private static final List<String> STORES =
      List.of("berlin-mitte", "hamburg-jungfernstieg", "berlin-kudamm");
  private static final List<String> LOCATIONS =
      List.of("berlin-mitte", "hamburg-jungfernstieg", "berlin-kudamm", WAREHOUSE);
  private static final List<String> SKUS =
      List.of("SHIRT-OXF-WHT-M", "BLAZER-NAVY-50", "CHINO-BEIGE-32", "BELT-LEATHER-90");
  private static final String RACE_SKU = "KNIT-MERINO-M";
  private static final int RACE_UNITS = 5;
  private static final int RACERS = 12;
  private static final int TAIL = 300;
  private static final BigDecimal PRICE = new BigDecimal("10.00");

  private final EngineConfig config = TestEngine.config();
  private final KnownIds known = KnownIds.of(config);

  @ParameterizedTest
  @ValueSource(longs = {7, 42, 1234})
  void ledgerMatchesASequentialReplayOfShuffledEvents(long seed) throws Exception {
    Streams streams = new Generator(new Random(seed)).generate();

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
    {
      Map<String, Level> exp = model.replay(streams.all(), decided, firstExpiry.minusMillis(1));
      Map<String, Level> got =
          levels(latest(emitted.stream().filter(l -> l.updatedAt().isBefore(firstExpiry))));
      for (String k : exp.keySet()) {
        if (!exp.get(k).equals(got.get(k))) {
          System.out.println("DIFF " + k + " exp=" + exp.get(k) + " got=" + got.get(k));
          emitted.stream()
              .filter(l -> l.key().equals(k))
              .forEach(
                  l ->
                      System.out.println(
                          "  LVL "
                              + l.onHand()
                              + " "
                              + l.reserved()
                              + " v"
                              + l.version()
                              + " "
                              + l.updatedAt()));
        }
      }
    }
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
    List<Event> all() {
      List<Event> all = new ArrayList<>(sales);
      all.addAll(stock);
      all.addAll(orders);
      return all;
    }
  }

  /** Random traffic on one clock; each event's time falls up to the jitter behind the clock. */
  private static final class Generator {
    private record Pending(Event event, int dueAt, List<Event> into) {}

    private record Open(
        String orderId, Fulfilment fulfilment, String storeId, List<OrderLine> lines) {}

    private final Random random;
    private final Streams streams =
        new Streams(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final List<Pending> repeats = new ArrayList<>();
    private final List<Pending> arrivals = new ArrayList<>();
    private final List<Open> open = new ArrayList<>();
    private int step;
    private int ids;

    Generator(Random random) {
      this.random = random;
    }

    Streams generate() {
      for (String location : LOCATIONS) {
        for (String sku : SKUS) {
          streams.stock().add(new StockReceived(id("init"), T0, location, sku, 30));
        }
      }
      streams.stock().add(new StockReceived(id("init"), T0, WAREHOUSE, RACE_SKU, RACE_UNITS));
      for (step = 1; step <= EVENTS; step++) {
        if (step == EVENTS / 2) {
          race();
        }
        next();
        flushRepeats(false);
      }
      flushRepeats(true);
      quietTail();
      return streams;
    }

    /**
     * Cancellations of orders never placed, which the router ignores: the orders input ends, and
     * every open order expires, well after the last movement reached the ledger.
     */
    private void quietTail() {
      for (int i = 0; i < TAIL; i++, step++) {
        streams.orders().add(new OrderCancelled(id("oc"), at(), id("unknown")));
      }
    }

    /** Orders for one unit each of the few units in stock, in the middle of the traffic. */
    private void race() {
      for (int racer = 0; racer < RACERS; racer++) {
        String orderId = id("race");
        streams
            .orders()
            .add(
                new OrderPlaced(
                    id("op"),
                    at(),
                    orderId,
                    "c-" + racer,
                    Fulfilment.SHIP,
                    null,
                    "EUR",
                    List.of(new OrderLine(RACE_SKU, 1, PRICE)),
                    null,
                    null,
                    null));
      }
    }

    private void next() {
      int pick = random.nextInt(100);
      String store = pick(STORES);
      String sku = pick(SKUS);
      if (pick < 35) {
        emit(
            streams.sales(),
            new PosSale(id("ps"), at(), store, "r-" + step, sku, 1, PRICE, "EUR", null, null));
      } else if (pick < 42) {
        emit(
            streams.sales(),
            new PosReturn(id("pr"), at(), store, "r-" + step, sku, 1, PRICE, "EUR", null));
      } else if (pick < 52) {
        emit(
            streams.stock(),
            new StockReceived(id("sr"), at(), pick(LOCATIONS), sku, 1 + random.nextInt(10)));
      } else if (pick < 56) {
        emit(
            streams.stock(),
            new StockCounted(id("sc"), at(), pick(LOCATIONS), sku, 10 + random.nextInt(30)));
      } else if (pick < 59) {
        transfer(sku);
      } else if (pick < 61) {
        emit(
            streams.stock(),
            new SafetyStockSet(id("ss"), at(), pick(LOCATIONS), sku, random.nextInt(6)));
      } else if (pick < 80 || open.isEmpty()) {
        place(store);
      } else if (pick < 84) {
        shortPick(open.get(random.nextInt(open.size())));
      } else {
        close(open.remove(random.nextInt(open.size())));
      }
    }

    /** Units leave one location now and arrive at another a few steps later. */
    private void transfer(String sku) {
      String from = pick(LOCATIONS);
      String to =
          LOCATIONS.get(
              (LOCATIONS.indexOf(from) + 1 + random.nextInt(LOCATIONS.size() - 1))
                  % LOCATIONS.size());
      int quantity = 1 + random.nextInt(5);
      String transferId = id("tr");
      emit(
          streams.stock(),
          new StockTransferredOut(id("sto"), at(), transferId, from, to, sku, quantity));
      arrivals.add(
          new Pending(
              new StockTransferredIn(id("sti"), Instant.EPOCH, transferId, from, to, sku, quantity),
              step + 5 + random.nextInt(40),
              streams.stock()));
    }

    /** A store, most often one that may hold the order, finds a unit missing. */
    private void shortPick(Open order) {
      String store =
          order.storeId() != null && random.nextBoolean() ? order.storeId() : pick(STORES);
      String sku = order.lines().get(random.nextInt(order.lines().size())).sku();
      emit(streams.orders(), new OrderShortPicked(id("osp"), at(), order.orderId(), store, sku, 1));
    }

    private void place(String store) {
      Fulfilment fulfilment = random.nextBoolean() ? Fulfilment.CLICK_AND_COLLECT : Fulfilment.SHIP;
      String storeId =
          fulfilment == Fulfilment.CLICK_AND_COLLECT || random.nextBoolean() ? store : null;
      List<OrderLine> lines = new ArrayList<>();
      for (int i = 0; i <= random.nextInt(2); i++) {
        lines.add(new OrderLine(pick(SKUS), 1 + random.nextInt(3), PRICE));
      }
      String orderId = id("order");
      emit(
          streams.orders(),
          new OrderPlaced(
              id("op"),
              at(),
              orderId,
              "c-" + step,
              fulfilment,
              storeId,
              "EUR",
              lines,
              null,
              null,
              null));
      open.add(new Open(orderId, fulfilment, storeId, lines));
    }

    private void close(Open order) {
      Event closing;
      int pick = random.nextInt(10);
      if (pick < 2) {
        // A store rejects it, whether or not it holds any of it; the order stays open.
        String store =
            order.storeId() != null && random.nextBoolean() ? order.storeId() : pick(STORES);
        closing = new OrderRejected(id("orj"), at(), order.orderId(), store, "no staff to pick");
        open.add(order);
      } else if (pick < 5) {
        closing = new OrderCancelled(id("oc"), at(), order.orderId());
      } else if (order.fulfilment() == Fulfilment.CLICK_AND_COLLECT) {
        closing = new OrderPickedUp(id("opu"), at(), order.orderId(), order.storeId());
      } else {
        closing = new OrderShipped(id("os"), at(), order.orderId());
      }
      emit(streams.orders(), closing);
    }

    /** Adds the event; one in twenty is delivered again a little later, as a producer retry. */
    private void emit(List<Event> into, Event event) {
      into.add(event);
      if (random.nextInt(20) == 0) {
        repeats.add(new Pending(event, step + 1 + random.nextInt(20), into));
      }
    }

    private void flushRepeats(boolean all) {
      arrivals.removeIf(
          pending -> {
            boolean due = all || pending.dueAt() <= step;
            if (due) {
              StockTransferredIn in = (StockTransferredIn) pending.event();
              emit(
                  pending.into(),
                  new StockTransferredIn(
                      in.eventId(),
                      at(),
                      in.transferId(),
                      in.fromLocation(),
                      in.toLocation(),
                      in.sku(),
                      in.quantity()));
            }
            return due;
          });
      repeats.removeIf(
          pending -> {
            boolean due = all || pending.dueAt() <= step;
            if (due) {
              pending.into().add(pending.event());
            }
            return due;
          });
    }

    private Instant at() {
      return T0.plusMillis(1000 + step * STEP_MILLIS - random.nextInt(JITTER_MILLIS));
    }

    private String id(String prefix) {
      return prefix + "-" + ++ids;
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }
  }
}
