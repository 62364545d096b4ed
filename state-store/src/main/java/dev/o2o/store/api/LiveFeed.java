package dev.o2o.store.api;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.o2o.contract.Json;
import dev.o2o.store.Regions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.geode.cache.client.ClientCache;
import org.apache.geode.cache.query.CqAttributesFactory;
import org.apache.geode.cache.query.CqEvent;
import org.apache.geode.cache.query.CqException;
import org.apache.geode.cache.query.CqListener;
import org.apache.geode.cache.query.CqQuery;
import org.apache.geode.cache.query.QueryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every change of the {@link Regions#LIVE live} state-store regions to the browsers on
 * {@code /api/live} as Server-Sent Events. One continuous query per region feeds all connected
 * clients; each client has a bounded queue, and a client that falls behind is disconnected rather
 * than buffered without limit (its browser reconnects and reloads the current view).
 *
 * <p>The queries run only while someone watches. Routing every change to this client was half of
 * the Geode server's work under inventory load, so they are registered when the first browser
 * connects, before its stream opens (a browser loads the current view once it is open, so it misses
 * nothing), and closed at the first heartbeat that finds nobody connected.
 */
final class LiveFeed implements AutoCloseable {
  static final int QUEUE_CAPACITY = 1024;
  static final int MAX_CLIENTS = 16;
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final String HEARTBEAT_COMMENT = ": heartbeat\n\n";

  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final QueryService queryService;
  private final List<CqQuery> queries = new ArrayList<>();
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "o2o-live-heartbeat");
            thread.setDaemon(true);
            return thread;
          });
  private final Counter dropped;
  private volatile boolean closed;

  private LiveFeed(QueryService queryService, MeterRegistry registry) {
    this.queryService = queryService;
    this.dropped =
        Counter.builder("o2o.live.dropped")
            .description("Live clients disconnected because they fell behind or failed")
            .register(registry);
    Gauge.builder("o2o.live.clients", clients, Set::size)
        .description("Connected live dashboard clients")
        .register(registry);
  }

  /**
   * Starts the heartbeat; the continuous queries are registered when the first browser connects.
   * Registering them once here proves the cache accepts them, so a state store without
   * subscriptions stops start-up instead of the first dashboard.
   */
  static LiveFeed start(ClientCache cache, MeterRegistry registry) throws CqException {
    return start(cache, registry, HEARTBEAT);
  }

  static LiveFeed start(ClientCache cache, MeterRegistry registry, Duration heartbeat)
      throws CqException {
    LiveFeed feed = new LiveFeed(cache.getQueryService(), registry);
    Gauge.builder("o2o.live.listening", feed, LiveFeed::listening)
        .description("Whether the live feed's continuous queries are registered (1) or not (0)")
        .register(registry);
    feed.listen();
    feed.stopListeningIfNobodyWatches();
    long period = heartbeat.toMillis();
    feed.heartbeat.scheduleAtFixedRate(
        () -> {
          feed.broadcast(HEARTBEAT_COMMENT);
          feed.stopListeningIfNobodyWatches();
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    return feed;
  }

  /** Registers the continuous queries unless they run already. */
  private synchronized void listen() throws CqException {
    if (!queries.isEmpty()) {
      return;
    }
    try {
      for (String region : Regions.LIVE) {
        CqAttributesFactory attributes = new CqAttributesFactory();
        attributes.addCqListener(listener(region));
        CqQuery query = queryService.newCq("SELECT * FROM /" + region, attributes.create());
        queries.add(query);
        query.execute();
      }
    } catch (CqException | RuntimeException e) {
      closeQueries();
      throw e;
    } catch (Exception e) {
      closeQueries();
      throw new CqException("cannot register continuous queries", e);
    }
  }

  private synchronized void stopListeningIfNobodyWatches() {
    if (clients.isEmpty()) {
      closeQueries();
    }
  }

  synchronized double listening() {
    return queries.isEmpty() ? 0 : 1;
  }

  private CqListener listener(String region) {
    return new CqListener() {
      @Override
      public void onEvent(CqEvent event) {
        if (clients.isEmpty()) {
          // Nobody to tell: spare the message's decoding and encoding, at every change.
          return;
        }
        Object value = event.getQueryOperation().isDestroy() ? null : event.getNewValue();
        broadcast(message(region, String.valueOf(event.getKey()), value));
      }

      @Override
      public void onError(CqEvent event) {
        LOG.warn("continuous query on {} failed", region, event.getThrowable());
      }
    };
  }

  /** One SSE message: the region as event name, key and stored value as data. */
  static String message(String region, String key, Object value) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("key", key);
    data.set("value", value == null ? NullNode.getInstance() : LatestView.parse(value.toString()));
    return "event: " + region + "\ndata: " + data + "\n\n";
  }

  void broadcast(String message) {
    for (Client client : clients) {
      if (!client.queue.offer(message)) {
        disconnect(client);
      }
    }
  }

  int clientCount() {
    return clients.size();
  }

  /** Streams to one browser until it disconnects, falls behind, or the feed closes. */
  void serve(HttpExchange exchange) throws IOException {
    if (closed) {
      throw new ApiException(503, "the live feed is shutting down");
    }
    if (clients.size() >= MAX_CLIENTS) {
      throw new ApiException(503, "too many live clients (" + MAX_CLIENTS + ")");
    }
    Client client = new Client();
    clients.add(client);
    try {
      try {
        listen();
      } catch (CqException e) {
        throw new ApiException(
            503, "the live feed cannot subscribe to the state store: " + e.getMessage());
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      write(out, "retry: 3000\n: connected\n\n");
      while (!closed && !client.disconnected) {
        String message = client.queue.poll(1, TimeUnit.SECONDS);
        if (message != null) {
          write(out, message);
        }
      }
    } catch (IOException gone) {
      dropped.increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(client);
    }
  }

  private void disconnect(Client client) {
    client.disconnected = true;
    if (clients.remove(client)) {
      dropped.increment();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    heartbeat.shutdownNow();
    closeQueries();
  }

  private synchronized void closeQueries() {
    for (CqQuery query : queries) {
      try {
        query.close();
      } catch (CqException | RuntimeException e) {
        LOG.debug("closing continuous query {}", query.getName(), e);
      }
    }
    queries.clear();
  }

  private static final class Client {
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    volatile boolean disconnected;
  }
}
