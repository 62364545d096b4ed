package dev.o2o.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the shipped Grafana dashboard: its query targets and the metric names they use. */
final class DashboardQueries {
  static final Path DASHBOARD = Path.of("../docker/grafana/dashboards/o2o-engine.json");

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern LABEL_LISTS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern SELECTORS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");

  private DashboardQueries() {}

  /** Every query target of every panel, in rows too. */
  static List<JsonNode> targets(JsonNode dashboard) {
    List<JsonNode> targets = new ArrayList<>();
    collect(dashboard.path("panels"), targets);
    return targets;
  }

  private static void collect(JsonNode panels, List<JsonNode> targets) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(targets::add);
      collect(panel.path("panels"), targets);
    }
  }

  /**
   * The metric names a PromQL expression selects: what is left once strings, label matchers,
   * ranges, grouping label lists, function calls and keywords are taken out.
   */
  static Set<String> metricNames(String expr) {
    String bare = STRINGS.matcher(expr).replaceAll("\"\"");
    bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
    bare = SELECTORS.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String rest = bare.substring(m.end()).stripLeading();
      boolean call = rest.startsWith("(");
      boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!call && !partOfNumber && !KEYWORDS.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    return names;
  }
}
