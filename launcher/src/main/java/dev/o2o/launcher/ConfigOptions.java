package dev.o2o.launcher;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares: which config file, which profile, and key overrides. */
final class ConfigOptions {
  @Option(
      names = "--config",
      description = "the engine's YAML config (default: ${DEFAULT-VALUE})",
      defaultValue = "config/o2o.yaml")
  Path file;

  @Option(
      names = "--profile",
      description = "the profile of the config to apply (default: ${DEFAULT-VALUE})",
      defaultValue = ConfigLoader.DEFAULT_PROFILE)
  String profile;

  @Option(
      names = "--set",
      description = "override a config key, e.g. --set http.port=9090",
      paramLabel = "KEY=VALUE")
  Map<String, String> overrides = new LinkedHashMap<>();

  EngineConfig load() {
    return ConfigLoader.load(file, profile, overrides);
  }
}
