package dev.o2o.bench;

import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.Topics;
import dev.o2o.launcher.EmbeddedEngine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Background inventory traffic for the latency run, so that offers are measured while the ledger
 * works too: till sales and deliveries, alternately, across every store and sku, sent to Kafka at a
 * steady rate in slices of ten milliseconds.
 */
final class InventoryLoad {
  private static final long SLICE_NANOS = 10_000_000;

  private final EmbeddedEngine engine;
  private final List<String> stores;
  private final List<CatalogueItem> items;
  private final String currency;
  private final int perSecond;
  private long sent;

  InventoryLoad(EmbeddedEngine engine, EngineConfig config, int perSecond) {
    this.engine = engine;
    this.stores = config.stores().stream().map(StoreConfig::id).toList();
    this.items = config.catalogue().items();
    this.currency = config.catalogue().currency();
    this.perSecond = perSecond;
  }

  /** Sends until {@code running} turns false. */
  void run(AtomicBoolean running) {
    if (perSecond <= 0) {
      return;
    }
    try (KafkaProducer<String, byte[]> producer = Bench.producer(engine)) {
      long start = System.nanoTime();
      while (running.get()) {
        long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
        while (sent < due) {
          send(producer, sent++);
        }
        long sleepNanos = SLICE_NANOS - (System.nanoTime() - start) % SLICE_NANOS;
        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long sent() {
    return sent;
  }

  private void send(KafkaProducer<String, byte[]> producer, long n) {
    String store = stores.get((int) (n % stores.size()));
    CatalogueItem item = items.get((int) (n / stores.size() % items.size()));
    String id = UUID.randomUUID().toString();
    if (n % 2 == 0) {
      producer.send(
          Bench.record(
              Topics.SALES,
              new PosSale(
                  id,
                  Instant.now(),
                  store,
                  "bench-r-" + n,
                  item.sku(),
                  1,
                  item.price(),
                  currency,
                  null,
                  null)));
    } else {
      producer.send(
          Bench.record(Topics.STOCK, new StockReceived(id, Instant.now(), store, item.sku(), 1)));
    }
  }
}
