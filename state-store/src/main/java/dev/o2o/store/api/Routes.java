package dev.o2o.store.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps request paths to handlers by templates such as {@code /api/stores/{storeId}/stock}. The
 * template, not the raw path, names the route in metrics, so a metric never gets one series per sku
 * or customer. The first matching template wins.
 */
final class Routes<H> {
  /** A matched route: its template, its handler, and the decoded path variables. */
  record Match<H>(String template, H handler, Map<String, String> variables) {}

  private record Route<H>(String template, List<String> segments, H handler) {}

  private final List<Route<H>> routes = new ArrayList<>();

  Routes<H> add(String template, H handler) {
    routes.add(new Route<>(template, segments(template), handler));
    return this;
  }

  Optional<Match<H>> match(String rawPath) {
    List<String> path = segments(rawPath);
    for (Route<H> route : routes) {
      Map<String, String> variables = bind(route.segments(), path);
      if (variables != null) {
        return Optional.of(new Match<>(route.template(), route.handler(), variables));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> bind(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return null;
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String actual = decode(path.get(i));
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (actual.isEmpty()) {
          return null;
        }
        variables.put(expected.substring(1, expected.length() - 1), actual);
      } else if (!expected.equals(actual)) {
        return null;
      }
    }
    return variables;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      segments.add(segment);
    }
    if (!segments.isEmpty() && segments.get(0).isEmpty()) {
      segments.remove(0);
    }
    return segments;
  }

  /** Query parameters of a raw query string; the first value of a repeated name wins. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decodeQuery(pair.substring(equals + 1));
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  private static String decode(String segment) {
    return decodeQuery(segment.replace("+", "%2B"));
  }

  private static String decodeQuery(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed percent-encoding in '" + part + "'");
    }
  }
}
