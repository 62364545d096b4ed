package dev.o2o.jobs;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** The configuration the tests run with: two stores in Berlin time, a small catalogue. */
public final class TestEngine {
  /** 11:00 in Berlin, outside quiet hours. */
  public static final Instant MORNING = Instant.parse("2026-11-23T10:00:00Z");

  private TestEngine() {}

  public static EngineConfig config() {
    return config(Map.of());
  }

  public static EngineConfig config(Map<String, String> overrides) {
    try (InputStream in = TestEngine.class.getResourceAsStream("/test-engine.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ConfigLoader(Map.of()).parse("test-engine.yaml", yaml, null, overrides);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
