package dev.o2o.launcher;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Configs for engines under test: the shipped config on free ports and a private data dir. */
final class TestEngines {
  static final Path SHIPPED_CONFIG = Path.of("../config/o2o.yaml");

  private TestEngines() {}

  static Map<String, String> freePorts(Path dataDir) throws IOException {
    Map<String, String> overrides = new LinkedHashMap<>(EmbeddedEngine.isolatedOverrides(dataDir));
    overrides.put("engine.checkpointInterval", "1s");
    // Two subtasks per operator, so that records cross between them as on a larger machine.
    overrides.put("engine.parallelism", "2");
    // Tests run at any hour: no quiet hours unless a test sets them.
    overrides.put("engagement.quietHours.start", "00:00");
    overrides.put("engagement.quietHours.end", "00:00");
    return overrides;
  }

  static EngineConfig config(Map<String, String> overrides) {
    return ConfigLoader.load(SHIPPED_CONFIG, ConfigLoader.DEFAULT_PROFILE, overrides);
  }

  /** Polls until the supplier yields a value, failing with the description after the timeout. */
  static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
  }
}
