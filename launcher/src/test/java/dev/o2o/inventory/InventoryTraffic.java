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
 */
final class InventoryTraffic {
  /** One record for a topic. */
  record Delivery(Topic<Event> topic, Event event) {}

  static final String WAREHOUSE = "online-dc";
  static final List<String> STORES = List.of("berlin-mitte", "hamburg-jungfernstieg");
  static final List<String> LOCATIONS = List.of("berlin-mitte", "hamburg-jungfernstieg", WAREHOUSE);
  static final List<String> SKUS =
      List.of(
          "SHIRT-OXF-WHT-M",
          "BLAZER-NAVY-50",
          "CHINO-BEIGE-32",
          "BELT-LEATHER-90",
          "KNIT-MERINO-M");

  private static final long STEP_MILLIS = 20;
  private static final BigDecimal PRICE = new BigDecimal("49.00");

  private record Repeat(Delivery delivery, int dueAt) {}

  private record Arrival(StockTransferredOut out, int dueAt) {}

  private record Open(
      String orderId, Fulfilment fulfilment, String storeId, List<OrderLine> lines) {}

  private final Random random;
  private final Instant start;
  private final int jitterMillis;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Repeat> repeats = new ArrayList<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<Open> open = new ArrayList<>();
  private int step;
  private int ids;

  private InventoryTraffic(long seed, Instant start, Duration maxOutOfOrderness) {
    this.random = new Random(seed);
    this.start = start;
    this.jitterMillis = (int) (maxOutOfOrderness.toMillis() * 9 / 10);
  }

  /**
   * The deliveries of {@code steps} steps of traffic starting at {@code start}: first a delivery of
   * every sku at every location, then one event per step, with repeats and transfer arrivals in
   * between.
   */
  static List<Delivery> generate(long seed, int steps, Instant start, Duration maxOutOfOrderness) {
    return new InventoryTraffic(seed, start, maxOutOfOrderness).run(steps);
  }

  private List<Delivery> run(int steps) {
    for (String location : LOCATIONS) {
      for (String sku : SKUS) {
        stock(new StockReceived(id("init"), start, location, sku, 1 + random.nextInt(24)));
      }
    }
    for (step = 1; step <= steps; step++) {
      next();
      deliverDue(false);
    }
    deliverDue(true);
    return deliveries;
  }

  private void next() {
    int pick = random.nextInt(100);
    String store = pick(STORES);
    String sku = pick(SKUS);
    if (pick < 30) {
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
    } else if (pick < 36) {
      sales(new PosReturn(id("pr"), at(), store, "r-" + step, sku, 1, PRICE, "EUR", null));
    } else if (pick < 46) {
      stock(new StockReceived(id("sr"), at(), pick(LOCATIONS), sku, 1 + random.nextInt(10)));
    } else if (pick < 50) {
      stock(new StockCounted(id("sc"), at(), pick(LOCATIONS), sku, 5 + random.nextInt(25)));
    } else if (pick < 53) {
      transfer(sku);
    } else if (pick < 55) {
      stock(new SafetyStockSet(id("ss"), at(), pick(LOCATIONS), sku, random.nextInt(6)));
    } else if (pick < 75 || open.isEmpty()) {
      place(store);
    } else if (pick < 79) {
      shortPick(open.get(random.nextInt(open.size())));
    } else {
      close(open.remove(random.nextInt(open.size())));
    }
  }

  /** The units leave now and arrive a few steps later, stamped when they arrive. */
  private void transfer(String sku) {
    String from = pick(LOCATIONS);
    String to = LOCATIONS.get((LOCATIONS.indexOf(from) + 1 + random.nextInt(2)) % LOCATIONS.size());
    int quantity = 1 + random.nextInt(5);
    StockTransferredOut out =
        new StockTransferredOut(id("sto"), at(), id("tr"), from, to, sku, quantity);
    stock(out);
    arrivals.add(new Arrival(out, step + 5 + random.nextInt(40)));
  }

  /** One to three lines of distinct skus, collected in a store, shipped from one, or shipped. */
  private void place(String store) {
    Fulfilment fulfilment = random.nextBoolean() ? Fulfilment.CLICK_AND_COLLECT : Fulfilment.SHIP;
    String storeId =
        fulfilment == Fulfilment.CLICK_AND_COLLECT || random.nextBoolean() ? store : null;
    List<String> skus = new ArrayList<>(SKUS);
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
      lines.add(
          new OrderLine(skus.remove(random.nextInt(skus.size())), 1 + random.nextInt(3), PRICE));
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

  private void shortPick(Open order) {
    if (order.storeId() != null) {
      String sku = order.lines().get(random.nextInt(order.lines().size())).sku();
      orders(new OrderShortPicked(id("osp"), at(), order.orderId(), order.storeId(), sku, 1));
    }
  }

  private void close(Open order) {
    int pick = random.nextInt(10);
    if (pick < 2 && order.storeId() != null) {
      // Now and then another store rejects it, which must change nothing.
      String store = random.nextBoolean() ? pick(STORES) : order.storeId();
      orders(new OrderRejected(id("orj"), at(), order.orderId(), store, "no staff to pick"));
      if (!store.equals(order.storeId())) {
        open.add(order);
      }
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
    return start.plusMillis(jitterMillis + step * STEP_MILLIS - random.nextInt(jitterMillis));
  }

  private String id(String prefix) {
    return prefix + "-" + ++ids;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
