package dev.o2o.store.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.o2o.store.Regions;
import dev.o2o.store.StateStoreFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live feed's continuous queries run while a browser watches, and only then. */
class LiveFeedSubscriptionTest {
  @RegisterExtension
  static final StateStoreFixture STORE =
      StateStoreFixture.at(Instant.parse("2026-11-24T10:00:00Z"));

  private static final Duration HEARTBEAT = Duration.ofMillis(200);

  private LiveFeed feed;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    feed = LiveFeed.start(STORE.cache(), new SimpleMeterRegistry(), HEARTBEAT);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/live",
        exchange -> {
          try (exchange) {
            feed.serve(exchange);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    feed.close();
  }

  @Test
  void subscribesWhenABrowserConnectsAndStopsOnceNobodyWatches() throws Exception {
    assertThat(feed.listening()).isZero();

    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live"))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> read(stream.body(), lines));
    reader.setDaemon(true);
    reader.start();
    assertThat(awaitLine(lines, ": connected")).isTrue();
    assertThat(feed.listening()).isOne();

    STORE.put(Regions.INVENTORY, "SKU-1@berlin-mitte", java.util.Map.of("onHand", 3));
    assertThat(awaitLine(lines, "event: " + Regions.INVENTORY)).isTrue();

    stream.body().close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (feed.listening() == 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(feed.listening()).isZero();
    assertThat(feed.clientCount()).isZero();
  }

  private static void read(Stream<String> body, BlockingQueue<String> lines) {
    Iterator<String> iterator = body.iterator();
    try {
      while (iterator.hasNext()) {
        lines.add(iterator.next());
      }
    } catch (UncheckedIOException closedByTheTest) {
      lines.add("(closed)");
    }
  }

  private static boolean awaitLine(BlockingQueue<String> lines, String wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (wanted.equals(line)) {
        return true;
      }
    }
    return false;
  }
}
