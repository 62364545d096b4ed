package dev.o2o.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options every engine command shares, as a picocli mixin: the config file, the
 * profile to apply, and single-key overrides.
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "config/o2o.yaml",
      description = "The engine's YAML config file (default: ${DEFAULT-VALUE}).")
  private Path file;

  @Option(
      names = "--profile",
      defaultValue = ConfigLoader.DEFAULT_PROFILE,
      description = "The profile of the config file to apply (default: ${DEFAULT-VALUE}).")
  private String profile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides one config key, e.g. --set http.port=9090; repeatable.")
  private Map<String, String> overrides = new LinkedHashMap<>();

  public Path file() {
    return file;
  }

  public String profile() {
    return profile;
  }

  public Map<String, String> overrides() {
    return Map.copyOf(overrides);
  }

  /** Reads the config file with the environment; a bad file throws {@link ConfigException}. */
  public EngineConfig load() {
    return ConfigLoader.load(file, profile, overrides);
  }
}
