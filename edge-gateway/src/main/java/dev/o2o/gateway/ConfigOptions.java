package dev.o2o.gateway;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options every service shares: the config file, its profile, overrides. */
final class ConfigOptions {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The engine's YAML configuration file.")
  Path file;

  @Option(
      names = "--profile",
      defaultValue = "distributed",
      description = "The profile of the config file to apply (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides one config key, e.g. --set mqtt.port=1883; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  EngineConfig load() {
    return ConfigLoader.load(file, profile, overrides);
  }
}
