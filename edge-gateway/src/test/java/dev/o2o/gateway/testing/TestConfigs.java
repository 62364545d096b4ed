package dev.o2o.gateway.testing;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The gateway tests' engine config: two stores, two skus, an MQTT port that is free. */
public final class TestConfigs {
  public static final String BERLIN = "berlin-mitte";
  public static final String HAMBURG = "hamburg-jungfernstieg";
  public static final String BERLIN_PASSWORD = "berlin-secret";
  public static final String HAMBURG_PASSWORD = "hamburg-secret";
  public static final String GATEWAY_USERNAME = "o2o-gateway";
  public static final String GATEWAY_PASSWORD = "gateway-secret";
  public static final String TOKEN_SECRET = "customer-token-secret";
  public static final String SHIRT = "SHIRT-OXF-WHT-M";

  private static final List<Path> dataDirs = new ArrayList<>();

  private TestConfigs() {}

  public static EngineConfig withFreeMqttPort() {
    return load(Map.of("mqtt.port", Integer.toString(freePort())));
  }

  /**
   * The test config with overrides; unless one sets {@code engine.dataDir}, the gateway's state
   * (its spool) goes to a fresh temporary directory.
   */
  public static EngineConfig load(Map<String, String> overrides) {
    try {
      Path file = Path.of(TestConfigs.class.getResource("/gateway-test.yaml").toURI());
      Map<String, String> all = new HashMap<>(overrides);
      if (!all.containsKey("engine.dataDir")) {
        all.put("engine.dataDir", temporaryDataDir().toString());
      }
      return new ConfigLoader(Map.of()).read(file, "embedded", all);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh directory for one test's gateway state, deleted with everything in it at JVM exit. */
  private static synchronized Path temporaryDataDir() throws IOException {
    if (dataDirs.isEmpty()) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(TestConfigs::deleteDataDirs, "o2o-gateway-test-cleanup"));
    }
    Path dir = Files.createTempDirectory("o2o-gateway-test");
    dataDirs.add(dir);
    return dir;
  }

  private static synchronized void deleteDataDirs() {
    for (Path dir : dataDirs) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // Best effort: a directory left behind is only disk space in the temporary folder.
      }
    }
  }

  public static int freePort() {
    try {
      return FreePorts.pick();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
