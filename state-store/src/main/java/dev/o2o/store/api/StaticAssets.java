package dev.o2o.store.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's files, served from the classpath folder {@value #FOLDER}. Only plain file names
 * are looked up, so a request cannot reach any other resource.
 */
final class StaticAssets {
  static final String FOLDER = "o2o-dashboard/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  record Asset(String contentType, byte[] body) {}

  Optional<Asset> find(String name) throws IOException {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        return Optional.empty();
      }
      String extension = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(TYPES.get(extension), in.readAllBytes()));
    }
  }
}
