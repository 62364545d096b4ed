package dev.o2o.store.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;

/**
 * Writes footfall figures the same way in every footfall answer: each figure of {@link
 * FootfallMinute} by its name, and {@code conversionRate}, the share of closed visits that a
 * purchase converted (null while no visit has closed). Stored minutes are read through the
 * contract, so a minute written before a figure existed shows it as zero.
 */
final class FootfallFigures {
  private static final ObjectMapper JSON = Json.mapper();

  private FootfallFigures() {}

  static FootfallMinute read(String stored) {
    return Json.decode(stored, FootfallMinute.class);
  }

  /** A stored minute as it is listed: its store, minute and figures. */
  static ObjectNode minute(FootfallMinute minute) {
    return JSON.valueToTree(minute);
  }

  /** Puts the figures of {@code total}, without its store and minute, into {@code target}. */
  static ObjectNode put(ObjectNode target, FootfallMinute total) {
    ObjectNode figures = JSON.valueToTree(total);
    figures.remove("storeId");
    figures.remove("minute");
    target.setAll(figures);
    if (total.closedVisits() > 0) {
      target.put("conversionRate", (double) total.convertedVisits() / total.closedVisits());
    } else {
      target.putNull("conversionRate");
    }
    return target;
  }
}
