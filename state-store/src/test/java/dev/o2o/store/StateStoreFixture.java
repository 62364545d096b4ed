package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.FreePorts;
import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.store.api.ServingApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The serving API of a test class over a real Geode server in a child JVM. The server is started
 * once and shared by every class of the test run, since starting it costs seconds; each class gets
 * empty regions and its own API, with its own clock and config overrides.
 */
public final class StateStoreFixture implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(StateStoreFixture.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Clock clock;
  private final Map<String, String> overrides = new LinkedHashMap<>();
  private SharedServer shared;
  private ServingApi api;

  private StateStoreFixture(Clock clock) {
    this.clock = clock;
    overrides.put("http.host", "127.0.0.1");
    overrides.put("http.port", "0");
  }

  /** An API whose clock stands still at {@code now}. */
  public static StateStoreFixture at(Instant now) {
    return new StateStoreFixture(Clock.fixed(now, ZoneOffset.UTC));
  }

  /** An API on the system clock. */
  public static StateStoreFixture onSystemClock() {
    return new StateStoreFixture(Clock.systemUTC());
  }

  /** A config setting over the sample config, as {@code key}, {@code value}. */
  public StateStoreFixture with(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("geode", key -> SharedServer.start(), SharedServer.class);
    for (String name : Regions.ALL) {
      Region<String, String> region = GeodeClient.region(shared.cache(), name);
      region.removeAll(region.keySetOnServer());
    }
    EngineConfig config =
        ConfigLoader.load(Path.of("../config/o2o.yaml"), ConfigLoader.DEFAULT_PROFILE, overrides);
    api =
        ServingApi.start(
            config, shared.cache(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (api != null) {
      api.close();
    }
  }

  public ClientCache cache() {
    return shared.cache();
  }

  public int apiPort() {
    return api.port();
  }

  /** Writes a record into a region as the jobs do: its JSON under the key. */
  public void put(String region, String key, Object value) {
    GeodeClient.region(shared.cache(), region).put(key, Json.encodeToString(value));
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, null);
  }

  /** A GET asking for the {@code accept} media type, when given. */
  public HttpResponse<String> get(String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(20));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON body of a GET, after checking its status and content type. */
  public JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("status of " + path).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    return Json.mapper().readTree(response.body());
  }

  /**
   * One Geode server for the whole test run, stopped at its end. The JVM's one client cache is
   * connected to it on demand: a test class with a server of its own closes the cache when done.
   */
  static final class SharedServer implements ExtensionContext.Store.CloseableResource {
    private final Path dir;
    private final GeodeSettings settings;
    private final GeodeServerProcess server;

    private SharedServer(Path dir, GeodeSettings settings, GeodeServerProcess server) {
      this.dir = dir;
      this.settings = settings;
      this.server = server;
    }

    static SharedServer start() {
      try {
        Path dir = Files.createTempDirectory("o2o-state-store-test");
        GeodeSettings settings =
            new GeodeSettings("localhost", FreePorts.pick(), FreePorts.pick(), "256m");
        return new SharedServer(
            dir, settings, GeodeServerProcess.start(settings, dir.resolve("geode")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the test's Geode server", e);
      }
    }

    ClientCache cache() {
      return GeodeClient.connect(settings.locatorHost(), settings.locatorPort());
    }

    @Override
    public void close() throws IOException {
      GeodeClient.close();
      server.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
