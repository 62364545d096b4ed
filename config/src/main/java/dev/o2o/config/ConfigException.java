package dev.o2o.config;

/** A config file that cannot run the engine: names the file, the key and what was expected. */
public class ConfigException extends RuntimeException {
  private final String file;
  private final String key;

  public ConfigException(String file, String key, String problem) {
    super(file + ": " + key + ": " + problem);
    this.file = file;
    this.key = key;
  }

  public String file() {
    return file;
  }

  public String key() {
    return key;
  }
}
