package dev.o2o.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the YAML tree that knows its key path, so that every reading error names the file,
 * the key and what was expected.
 */
final class Node {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*(|B|KiB|MiB|GiB|TiB)");

  private final String file;
  private final String path;
  private final JsonNode value;

  Node(String file, String path, JsonNode value) {
    this.file = file;
    this.path = path;
    this.value = value == null ? MissingNode.getInstance() : value;
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  boolean isPresent() {
    return !value.isMissingNode() && !value.isNull();
  }

  Node get(String key) {
    if (isPresent() && !value.isObject()) {
      throw fail("expected a mapping with key '" + key + "'");
    }
    return new Node(file, path.isEmpty() ? key : path + "." + key, value.get(key));
  }

  ConfigException fail(String expected) {
    String got =
        isPresent()
            ? ", got '" + clip(value.isTextual() ? value.asText() : value.toString()) + "'"
            : "";
    return new ConfigException(file, path.isEmpty() ? "(root)" : path, expected + got);
  }

  Node required() {
    if (!isPresent()) {
      throw new ConfigException(file, path, "is required");
    }
    return this;
  }

  String text() {
    required();
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw fail("expected a non-empty text");
    }
    return value.asText();
  }

  String text(String fallback) {
    return isPresent() ? text() : fallback;
  }

  /** An identifier as events carry it. */
  String id() {
    String text = text();
    if (!text.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
      throw fail("expected an id of letters, digits and . _ : -");
    }
    return text;
  }

  int integer(int min, int max) {
    required();
    if (!value.canConvertToInt()
        || !value.isIntegralNumber()
        || value.asInt() < min
        || value.asInt() > max) {
      throw fail("expected a whole number from " + min + " to " + max);
    }
    return value.asInt();
  }

  int integer(int min, int max, int fallback) {
    return isPresent() ? integer(min, max) : fallback;
  }

  double number(double min, double max) {
    required();
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
      throw fail("expected a number from " + min + " to " + max);
    }
    return value.asDouble();
  }

  double number(double min, double max, double fallback) {
    return isPresent() ? number(min, max) : fallback;
  }

  boolean bool(boolean fallback) {
    if (!isPresent()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw fail("expected true or false");
    }
    return value.asBoolean();
  }

  BigDecimal money() {
    String text = text();
    try {
      BigDecimal amount = new BigDecimal(text);
      if (amount.signum() < 0) {
        throw fail("expected a decimal amount of 0 or more");
      }
      return amount;
    } catch (NumberFormatException e) {
      throw fail("expected a decimal amount such as \"49.90\"");
    }
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}. */
  Duration duration(Duration fallback) {
    if (!isPresent()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.asText().trim());
    if (!value.isValueNode() || !m.matches()) {
      throw fail("expected a duration such as 500ms, 30s, 5m, 2h or 7d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /**
   * A size in bytes, written as a whole number with an optional unit: {@code 65536}, {@code
   * 512KiB}, {@code 64MiB}, {@code 1GiB}, {@code 1TiB}.
   */
  long bytes(long min, long max, long fallback) {
    if (!isPresent()) {
      return fallback;
    }
    Matcher m = SIZE.matcher(value.asText().trim());
    if (!value.isValueNode() || !m.matches()) {
      throw fail("expected a size such as 65536, 512KiB, 64MiB or 1GiB");
    }
    long amount = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2)) {
          case "KiB" -> 10;
          case "MiB" -> 20;
          case "GiB" -> 30;
          case "TiB" -> 40;
          default -> 0;
        };
    long size = amount << shift;
    if (amount > (max >> shift) || size < min || size > max) {
      throw fail("expected a size from " + readable(min) + " to " + readable(max));
    }
    return size;
  }

  private static String readable(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      int shift = 40 - 10 * i;
      if (bytes >= (1L << shift) && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + units[i];
      }
    }
    return bytes + " bytes";
  }

  ZoneId zone() {
    String text = text();
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw fail("expected a time zone such as Europe/Berlin");
    }
  }

  LocalTime time() {
    String text = text();
    try {
      return LocalTime.parse(text);
    } catch (RuntimeException e) {
      throw fail("expected a time of day such as \"22:00\"");
    }
  }

  <T> T oneOf(Function<String, Optional<T>> lookup, String choices) {
    return lookup.apply(text()).orElseThrow(() -> fail("expected one of " + choices));
  }

  List<Node> list() {
    if (!isPresent()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fail("expected a list");
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      items.add(new Node(file, path + "[" + i + "]", value.get(i)));
    }
    return items;
  }

  List<Node> nonEmptyList() {
    List<Node> items = required().list();
    if (items.isEmpty()) {
      throw fail("expected at least one entry");
    }
    return items;
  }

  private static String clip(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
