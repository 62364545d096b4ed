package dev.o2o.store.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.GeoPoint;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.geode.cache.client.ClientCache;
import org.apache.geode.cache.query.CqException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP face on the JDK's built-in server: the JSON API for store associates and the
 * online shop, the live dashboard for marketers (a page fed by Server-Sent Events), and the health
 * and Prometheus endpoints for operators. Every read goes to Geode through the JVM's one client
 * cache; every request is timed in {@code o2o.http.requests} by route template and status.
 */
public final class ServingApi implements AutoCloseable {
  static final int THREADS = 32;
  static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  /** Answers one matched request and returns the status it sent. */
  @FunctionalInterface
  private interface Handler {
    int handle(HttpExchange exchange, Map<String, String> variables) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final LatestView view;
  private final SourcingPreview sourcingPreview;
  private final CampaignReports reports;
  private final LiveFeed live;
  private final ClientCache cache;
  private final PrometheusMeterRegistry registry;
  private final StaticAssets assets = new StaticAssets();
  private final Routes<Handler> routes = new Routes<>();

  private ServingApi(
      HttpServer server,
      ExecutorService executor,
      LatestView view,
      SourcingPreview sourcingPreview,
      StoreCreditView credits,
      CustomerView customers,
      CampaignImpactView impacts,
      RedemptionView redemptions,
      CampaignBudgetView budgets,
      StoreFootfallView storeFootfall,
      CampaignReports reports,
      LiveFeed live,
      ClientCache cache,
      PrometheusMeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.view = view;
    this.sourcingPreview = sourcingPreview;
    this.reports = reports;
    this.live = live;
    this.cache = cache;
    this.registry = registry;
    routes
        .add("/api/availability/{sku}", json(v -> view.availability(v.get("sku"))))
        .add("/api/availability/{sku}/nearest", this::nearest)
        .add("/api/sourcing", this::sourcing)
        .add("/api/alerts", this::alerts)
        .add("/api/stores", json(v -> view.locations()))
        .add("/api/stores/{storeId}/stock", json(v -> view.storeStock(v.get("storeId"))))
        .add("/api/stores/{storeId}/credits", json(v -> credits.credits(v.get("storeId"))))
        .add("/api/stores/{storeId}/footfall", json(v -> storeFootfall.today(v.get("storeId"))))
        .add("/api/customers/{customerId}", json(v -> customers.customer(v.get("customerId"))))
        .add("/api/campaigns", this::campaigns)
        .add("/api/campaigns/{campaignId}", this::campaign)
        .add("/api/stores/{storeId}/kpis", this::storeKpis)
        .add("/api/campaigns/{campaignId}/impact", json(v -> impacts.impact(v.get("campaignId"))))
        .add("/api/campaigns/{campaignId}/budget", json(v -> budgets.budget(v.get("campaignId"))))
        .add("/api/offers/{code}/redemption", json(v -> redemptions.redemption(v.get("code"))))
        .add("/api/footfall", this::footfall)
        .add("/api/live", this::live)
        .add("/metrics", this::metrics)
        .add("/health", (exchange, v) -> sendJson(exchange, 200, status("UP")))
        .add("/ready", this::ready)
        .add("/", (exchange, v) -> asset(exchange, "dashboard.html"))
        .add("/{asset}", (exchange, v) -> asset(exchange, v.get("asset")));
  }

  /** Binds {@code config.http()} (port 0 picks a free port) and starts serving. */
  public static ServingApi start(
      EngineConfig config, ClientCache cache, PrometheusMeterRegistry registry) throws IOException {
    return start(config, cache, registry, Clock.systemUTC());
  }

  /** As {@link #start(EngineConfig, ClientCache, PrometheusMeterRegistry)}, on a given clock. */
  public static ServingApi start(
      EngineConfig config, ClientCache cache, PrometheusMeterRegistry registry, Clock clock)
      throws IOException {
    // The JDK server leaves Nagle's algorithm on unless told otherwise: a response written as
    // headers then body then waits for the client's delayed ACK, some 40 ms on a kept-alive
    // connection. The property is read when the first server of the JVM is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    LiveFeed live;
    try {
      live = LiveFeed.start(cache, registry);
    } catch (CqException e) {
      throw new IOException("cannot subscribe to state-store changes: " + e.getMessage(), e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            runnable -> {
              Thread thread = new Thread(runnable, "o2o-http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(config.http().host(), config.http().port()), 0);
      ServingApi api =
          new ServingApi(
              server,
              executor,
              new LatestView(config, cache, clock),
              new SourcingPreview(config),
              new StoreCreditView(config, cache),
              new CustomerView(cache, clock),
              new CampaignImpactView(config, cache),
              new RedemptionView(cache),
              new CampaignBudgetView(config, cache),
              new StoreFootfallView(config, cache, clock),
              new CampaignReports(config, cache),
              live,
              cache,
              registry);
      server.createContext("/", api::dispatch);
      server.setExecutor(executor);
      server.start();
      LOG.info("HTTP API and dashboard on http://{}:{}/", config.http().host(), api.port());
      return api;
    } catch (IOException | RuntimeException e) {
      live.close();
      executor.shutdownNow();
      throw e;
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void dispatch(HttpExchange exchange) {
    long started = System.nanoTime();
    String route = "unmatched";
    int status = 500;
    try {
      Optional<Routes.Match<Handler>> match = routes.match(exchange.getRequestURI().getRawPath());
      if (match.isEmpty()) {
        status =
            sendError(exchange, 404, "no such resource: " + exchange.getRequestURI().getPath());
      } else {
        route = match.get().template();
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          status = sendError(exchange, 405, "method " + method + " is not allowed");
        } else {
          status = match.get().handler().handle(exchange, match.get().variables());
        }
      }
    } catch (ApiException e) {
      status = trySendError(exchange, e.status(), e.getMessage());
    } catch (IOException e) {
      LOG.debug("client went away during {}", exchange.getRequestURI(), e);
    } catch (RuntimeException e) {
      LOG.warn("request {} failed", exchange.getRequestURI(), e);
      status = trySendError(exchange, 500, "internal error: " + e.getClass().getSimpleName());
    } finally {
      exchange.close();
      Timer.builder("o2o.http.requests")
          .description("HTTP requests by route template and status")
          .tag("route", route)
          .tag("status", String.valueOf(status))
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private Handler json(Function<Map<String, String>, JsonNode> reader) {
    return (exchange, variables) -> sendJson(exchange, 200, reader.apply(variables));
  }

  /**
   * Footfall per store and minute as JSON, or its minutes as CSV rows, one per store and minute.
   */
  private int footfall(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    int minutes;
    try {
      minutes = Integer.parseInt(query.getOrDefault("minutes", "60"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("minutes must be a whole number");
    }
    Optional<String> store = Optional.ofNullable(query.get("store")).filter(s -> !s.isBlank());
    ObjectNode footfall = view.footfall(store, minutes);
    if (wantsCsv(exchange, query)) {
      List<ObjectNode> rows = new ArrayList<>();
      footfall
          .get("stores")
          .forEach(entry -> entry.get("minutes").forEach(minute -> rows.add((ObjectNode) minute)));
      return sendCsv(exchange, CampaignReports.csv(rows));
    }
    return sendJson(exchange, 200, footfall);
  }

  /** Every campaign with its report under {@code ?model=} (default last), as JSON or CSV. */
  private int campaigns(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    ObjectNode listing = reports.campaigns(view.campaigns(), CampaignReports.model(query));
    if (wantsCsv(exchange, query)) {
      List<ObjectNode> rows = new ArrayList<>();
      listing.get("campaigns").forEach(entry -> rows.add((ObjectNode) entry.get("report")));
      return sendCsv(exchange, CampaignReports.csv(rows));
    }
    return sendJson(exchange, 200, listing);
  }

  private int campaign(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    ObjectNode report = reports.campaign(variables.get("campaignId"), CampaignReports.model(query));
    return wantsCsv(exchange, query)
        ? sendCsv(exchange, CampaignReports.csv(List.of(report)))
        : sendJson(exchange, 200, report);
  }

  private int storeKpis(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    ObjectNode report = reports.store(variables.get("storeId"));
    return wantsCsv(exchange, query)
        ? sendCsv(exchange, CampaignReports.csv(List.of(report)))
        : sendJson(exchange, 200, report);
  }

  /** CSV when asked by {@code ?format=csv} or an Accept header naming {@code text/csv}. */
  private static boolean wantsCsv(HttpExchange exchange, Map<String, String> query) {
    String format = query.get("format");
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw ApiException.badRequest("format must be json or csv");
    }
    if (format != null) {
      return format.equals("csv");
    }
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("text/csv");
  }

  private static int sendCsv(HttpExchange exchange, String csv) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    return send(exchange, 200, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8));
  }

  private int nearest(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    GeoPoint from =
        new GeoPoint(number(query, "lat", -90, 90, null), number(query, "lon", -180, 180, null));
    int quantity = (int) number(query, "quantity", 1, 10_000, 1.0);
    int limit = (int) number(query, "limit", 1, 50, 3.0);
    String channel = query.getOrDefault("channel", "collect");
    if (!channel.equals("collect") && !channel.equals("in-store")) {
      throw ApiException.badRequest("channel must be collect or in-store");
    }
    return sendJson(
        exchange, 200, view.nearestWithStock(variables.get("sku"), from, quantity, limit, channel));
  }

  /**
   * Previews where a basket would be sourced: {@code
   * ?fulfilment=ship|click-and-collect&store=&lat=&lon=&items=SKU:2,SKU:1}.
   */
  private int sourcing(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    Fulfilment fulfilment =
        switch (query.getOrDefault("fulfilment", "")) {
          case "ship" -> Fulfilment.SHIP;
          case "click-and-collect" -> Fulfilment.CLICK_AND_COLLECT;
          default -> throw ApiException.badRequest("fulfilment must be ship or click-and-collect");
        };
    Coordinates shipTo = null;
    if (query.containsKey("lat") || query.containsKey("lon")) {
      shipTo =
          new Coordinates(
              number(query, "lat", -90, 90, null), number(query, "lon", -180, 180, null));
    }
    String store = Optional.ofNullable(query.get("store")).filter(s -> !s.isBlank()).orElse(null);
    return sendJson(
        exchange,
        200,
        sourcingPreview.preview(
            GeodeClient.region(cache, Regions.INVENTORY),
            fulfilment,
            store,
            shipTo,
            basket(query.get("items"))));
  }

  /** {@code SKU:quantity} pairs separated by commas; a sku without a quantity means one. */
  private static List<SourcingPreview.Line> basket(String items) {
    if (items == null || items.isBlank()) {
      throw ApiException.badRequest("items is required, as SKU:quantity,SKU:quantity");
    }
    List<SourcingPreview.Line> lines = new ArrayList<>();
    for (String item : items.split(",")) {
      String[] parts = item.trim().split(":");
      try {
        int quantity = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        if (parts.length > 2 || quantity < 1 || quantity > 10_000 || parts[0].isBlank()) {
          throw new NumberFormatException();
        }
        lines.add(new SourcingPreview.Line(parts[0], quantity));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(
            "items must be SKU:quantity pairs with a quantity from 1 to 10000 but had '"
                + item
                + "'");
      }
    }
    if (lines.size() > 200) {
      throw ApiException.badRequest("items may hold at most 200 lines");
    }
    return lines;
  }

  private int alerts(HttpExchange exchange, Map<String, String> variables) throws IOException {
    Map<String, String> query = Routes.query(exchange.getRequestURI().getRawQuery());
    Optional<String> location =
        Optional.ofNullable(query.get("location")).filter(s -> !s.isBlank());
    return sendJson(exchange, 200, view.alerts(location));
  }

  /** A numeric query parameter within bounds; absent means the fallback, or a 400 without one. */
  private static double number(
      Map<String, String> query, String name, double min, double max, Double fallback) {
    String text = query.get(name);
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        throw ApiException.badRequest(name + " is required");
      }
      return fallback;
    }
    try {
      double value = Double.parseDouble(text);
      if (value < min || value > max) {
        throw ApiException.badRequest(name + " must be from " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a number");
    }
  }

  private int live(HttpExchange exchange, Map<String, String> variables) throws IOException {
    live.serve(exchange);
    return 200;
  }

  private int metrics(HttpExchange exchange, Map<String, String> variables) throws IOException {
    return send(
        exchange,
        200,
        "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private int ready(HttpExchange exchange, Map<String, String> variables) throws IOException {
    return serverAnswers()
        ? sendJson(exchange, 200, status("READY"))
        : sendJson(exchange, 503, status("NOT_READY"));
  }

  /** Whether a Geode server answers a key lookup within the probe timeout. */
  private boolean serverAnswers() {
    if (cache.isClosed()) {
      return false;
    }
    try {
      return CompletableFuture.supplyAsync(
              () -> {
                GeodeClient.region(cache, Regions.CAMPAIGNS).containsKeyOnServer("ready-probe");
                return true;
              },
              executor)
          .get(READY_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private int asset(HttpExchange exchange, String name) throws IOException {
    StaticAssets.Asset asset =
        assets.find(name).orElseThrow(() -> ApiException.notFound("no such file: " + name));
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    return send(exchange, 200, asset.contentType(), asset.body());
  }

  private static ObjectNode status(String status) {
    return Json.mapper().createObjectNode().put("status", status);
  }

  private static int sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    return send(exchange, status, JSON_TYPE, bytes);
  }

  private static int sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    return sendJson(exchange, status, Json.mapper().createObjectNode().put("error", message));
  }

  /** Sends an error unless the response has already begun (then only the status is recorded). */
  private static int trySendError(HttpExchange exchange, int status, String message) {
    if (exchange.getResponseCode() != -1) {
      return exchange.getResponseCode();
    }
    try {
      return sendError(exchange, status, message);
    } catch (IOException e) {
      return status;
    }
  }

  private static int send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    return status;
  }

  /** Closes the live streams and continuous queries, then stops the server. */
  @Override
  public void close() {
    live.close();
    server.stop(1);
    executor.shutdownNow();
  }
}
