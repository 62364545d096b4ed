package dev.o2o.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} in the Prometheus text format and {@code /health} (200 when the service
 * is healthy, 503 otherwise) for operators and orchestrators. The JDK's HTTP server is enough for
 * two read-only endpoints scraped every few seconds.
 */
final class MetricsServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on all interfaces at {@code port}; 0 picks a free port. */
  static MetricsServer start(int port, Supplier<String> scrape, BooleanSupplier healthy) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
    }
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, scrape.get()));
    server.createContext(
        "/health",
        exchange -> {
          boolean up = healthy.getAsBoolean();
          respond(
              exchange,
              up ? 200 : 503,
              "application/json",
              up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    server.start();
    return new MetricsServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
