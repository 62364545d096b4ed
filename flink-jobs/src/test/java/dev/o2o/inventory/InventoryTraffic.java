package dev.o2o.inventory;

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
import dev.o2o.contract.SafetyStockSet;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StockTransferredIn;
import dev.o2o.contract.StockTransferredOut;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random traffic for the inventory job's three input topics, in the order a producer
 * delivers it: till sales and returns, deliveries, counts, transfers and safety stock, and online
 * orders through their lifecycle (placed, short picked, rejected by their store or another one,
 * cancelled, picked up, shipped). Everything runs on one clock and each event's time falls up to
 * 90% of the watermark bound behind it, so events arrive out of order but never late. One event in
 * twenty is delivered again a little later, as a producer retry would, and a transfer's units
 * arrive a few steps after they left. The same seed gives the same traffic.
 *
 * <p>Optionally, halfway through, a burst of one-unit orders races for the few units of a sku that
 * only the warehouse holds; and a quiet tail of cancellations of unknown orders lets event time run
 * on past the last movement, so every open order's hold expires.
 */
public final class InventoryTraffic {
  /** One record for a topic. */
  public record Delivery(Topic<Event> topic, Event event) {}

  /** The locations and skus the traffic is about, and its clock. */
  public record Shape(
      List<String> stores,
      String warehouse,
      List<String> skus,
      Instant start,
      long stepMillis,
      Duration maxOutOfOrderness) {

    List<String> locations() {
      List<String> locations = new ArrayList<>(stores);
      locations.add(warehouse);
      return locations;
    }
  }

  /** {@code racers} orders of one unit each for the {@code units} the warehouse holds of a sku. */
  public record Race(String sku, int units, int racers) {}

  private static final int INITIAL_UNITS = 30;
  private static final BigDecimal PRICE = new BigDecimal("49.00");

  private record Repeat(Delivery delivery, int dueAt) {}

  private record Arrival(StockTransferredOut out, int dueAt) {}

  private record Open(
      String orderId, Fulfilment fulfilment, String storeId, List<OrderLine> lines) {}

  private final Random random;
  private final Shape shape;
  private final List<String> locations;
  private final int jitterMillis;
  private Race race;
  private int quietTail;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Repeat> repeats = new ArrayList<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<Open> open = new ArrayList<>();
  private int step;
  private int ids;

  private InventoryTraffic(long seed, Shape shape) {
    this.random = new Random(seed);
    this.shape = shape;
    this.locations = shape.locations();
    this.jitterMillis = (int) (shape.maxOutOfOrderness().toMillis() * 9 / 10);
  }

  public static InventoryTraffic of(long seed, Shape shape) {
    return new InventoryTraffic(seed, shape);
  }

  public InventoryTraffic withRace(Race burst) {
    this.race = burst;
    return this;
  }

  public InventoryTraffic withQuietTail(int cancellations) {
    this.quietTail = cancellations;
    return this;
  }

  /**
   * The deliveries of {@code steps} steps of traffic: first a delivery of every sku at every
   * location, then one event per step, with repeats and transfer arrivals in between.
   */
  public List<Delivery> generate(int steps) {
    for (String location : locations) {
      for (String sku : shape.skus()) {
        stock(new StockReceived(id("init"), shape.start(), location, sku, INITIAL_UNITS));
      }
    }
    if (race != null) {
      stock(
          new StockReceived(
              id("init"), shape.start(), shape.warehouse(), race.sku(), race.units()));
    }
    for (step = 1; step <= steps; step++) {
      if (race != null && step == steps / 2) {
        race();
      }
      next();
      deliverDue(false);
    }
    deliverDue(true);
    for (int i = 0; i < quietTail; i++, step++) {
      orders(new OrderCancelled(id("oc"), at(), id("unknown")));
    }
    return deliveries;
  }

  private void race() {
    for (int racer = 0; racer < race.racers(); racer++) {
      orders(
          new OrderPlaced(
              id("op"),
              at(),
              id("race"),
              "c-racer-" + racer,
              Fulfilment.SHIP,
              null,
              "EUR",
              List.of(new OrderLine(race.sku(), 1, PRICE)),
              null,
              null,
              null));
    }
  }

  private void next() {
    int pick = random.nextInt(100);
    String store = pick(shape.stores());
    String sku = pick(shape.skus());
    if (pick < 32) {
      sales(
          new PosSale(
              id("ps"),
              at(),
              store,
              "r-" + step,
              sku,
              1 + random.nextInt(2),
              PRICE,
              "EUR",
              null,
              null));
    } else if (pick < 39) {
      sales(new PosReturn(id("pr"), at(), store, "r-" + step, sku, 1, PRICE, "EUR", null));
    } else if (pick < 49) {
      stock(new StockReceived(id("sr"), at(), pick(locations), sku, 1 + random.nextInt(10)));
    } else if (pick < 53) {
      stock(new StockCounted(id("sc"), at(), pick(locations), sku, 5 + random.nextInt(30)));
    } else if (pick < 56) {
      transfer(sku);
    } else if (pick < 58) {
      stock(new SafetyStockSet(id("ss"), at(), pick(locations), sku, random.nextInt(6)));
    } else if (pick < 78 || open.isEmpty()) {
      place(store);
    } else if (pick < 82) {
      shortPick(open.get(random.nextInt(open.size())));
    } else {
      close(open.remove(random.nextInt(open.size())));
    }
  }

  /** The units leave now and arrive at another location a few steps later. */
  private void transfer(String sku) {
    String from = pick(locations);
    String to =
        locations.get(
            (locations.indexOf(from) + 1 + random.nextInt(locations.size() - 1))
                % locations.size());
    int quantity = 1 + random.nextInt(5);
    StockTransferredOut out =
        new StockTransferredOut(id("sto"), at(), id("tr"), from, to, sku, quantity);
    stock(out);
    arrivals.add(new Arrival(out, step + 5 + random.nextInt(40)));
  }

  /**
   * One to three lines, the same sku possibly twice, collected in a store, shipped from one, or
   * shipped.
   */
  private void place(String store) {
    Fulfilment fulfilment = random.nextBoolean() ? Fulfilment.CLICK_AND_COLLECT : Fulfilment.SHIP;
    String storeId =
        fulfilment == Fulfilment.CLICK_AND_COLLECT || random.nextBoolean() ? store : null;
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
      lines.add(new OrderLine(pick(shape.skus()), 1 + random.nextInt(3), PRICE));
    }
    String orderId = id("order");
    orders(
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

  /** A store, most often one that may hold the order, finds a unit missing. */
  private void shortPick(Open order) {
    String store =
        order.storeId() != null && random.nextBoolean() ? order.storeId() : pick(shape.stores());
    String sku = order.lines().get(random.nextInt(order.lines().size())).sku();
    orders(new OrderShortPicked(id("osp"), at(), order.orderId(), store, sku, 1));
  }

  private void close(Open order) {
    int pick = random.nextInt(10);
    if (pick < 2) {
      // A store rejects it, whether or not it holds any of it; the order stays open.
      String store =
          order.storeId() != null && random.nextBoolean() ? order.storeId() : pick(shape.stores());
      orders(new OrderRejected(id("orj"), at(), order.orderId(), store, "no staff to pick"));
      open.add(order);
    } else if (pick < 5) {
      orders(new OrderCancelled(id("oc"), at(), order.orderId()));
    } else if (order.fulfilment() == Fulfilment.CLICK_AND_COLLECT) {
      orders(new OrderPickedUp(id("opu"), at(), order.orderId(), order.storeId()));
    } else {
      orders(new OrderShipped(id("os"), at(), order.orderId()));
    }
  }

  private void sales(Event event) {
    deliver(new Delivery(Topics.SALES, event));
  }

  private void stock(Event event) {
    deliver(new Delivery(Topics.STOCK, event));
  }

  private void orders(Event event) {
    deliver(new Delivery(Topics.ORDERS, event));
  }

  private void deliver(Delivery delivery) {
    deliveries.add(delivery);
    if (random.nextInt(20) == 0) {
      repeats.add(new Repeat(delivery, step + 1 + random.nextInt(20)));
    }
  }

  /** Delivers the transfer arrivals and repeats that are due, or all of them. */
  private void deliverDue(boolean all) {
    List<Arrival> arrived = new ArrayList<>();
    arrivals.removeIf(arrival -> (all || arrival.dueAt() <= step) && arrived.add(arrival));
    for (Arrival arrival : arrived) {
      StockTransferredOut out = arrival.out();
      stock(
          new StockTransferredIn(
              id("sti"),
              at(),
              out.transferId(),
              out.fromLocation(),
              out.toLocation(),
              out.sku(),
              out.quantity()));
    }
    List<Repeat> due = new ArrayList<>();
    repeats.removeIf(repeat -> (all || repeat.dueAt() <= step) && due.add(repeat));
    due.forEach(repeat -> deliveries.add(repeat.delivery()));
  }

  private Instant at() {
    return shape
        .start()
        .plusMillis(jitterMillis + step * shape.stepMillis() - random.nextInt(jitterMillis));
  }

  private String id(String prefix) {
    return prefix + "-" + ++ids;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
