package dev.o2o.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;
import org.apache.geode.cache.client.ClientCacheFactory;
import org.apache.geode.cache.client.ClientRegionShortcut;

/**
 * The one Geode client cache of this JVM. Geode allows a single cache per JVM, so the Flink sinks,
 * the engagement job's stock lookups and the HTTP API all share it. Regions are proxies: every read
 * and write goes to the servers, which hold the data.
 */
public final class GeodeClient {
  private static ClientCache cache;
  private static final Map<String, Region<String, String>> REGIONS = new ConcurrentHashMap<>();

  private GeodeClient() {}

  /** Connects on first use; later calls return the same cache. */
  public static synchronized ClientCache connect(String locatorHost, int locatorPort) {
    if (cache == null || cache.isClosed()) {
      REGIONS.clear();
      cache =
          new ClientCacheFactory()
              .addPoolLocator(locatorHost, locatorPort)
              .setPoolSubscriptionEnabled(true)
              // Single hop hands each getAll to a thread pool and waits for it: two thread
              // switches per offer decision, which under load held the offer path up by seconds
              // at 200 arrivals/s. Without it a server forwards a key it does not host itself.
              .setPoolPRSingleHopEnabled(false)
              .setPoolReadTimeout(10_000)
              .setPoolRetryAttempts(-1)
              .set("log-level", "warn")
              .set("statistic-sampling-enabled", "false")
              .create();
    }
    return cache;
  }

  /** A proxy to a server region, created in this client on first use. */
  public static Region<String, String> region(ClientCache cache, String name) {
    return REGIONS.computeIfAbsent(
        name,
        n -> {
          Region<String, String> existing = cache.getRegion(n);
          return existing != null
              ? existing
              : cache
                  .<String, String>createClientRegionFactory(ClientRegionShortcut.PROXY)
                  .create(n);
        });
  }

  public static synchronized void close() {
    if (cache != null && !cache.isClosed()) {
      cache.close();
    }
    cache = null;
    REGIONS.clear();
  }
}
