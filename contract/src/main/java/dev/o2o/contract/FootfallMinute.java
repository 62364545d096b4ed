package dev.o2o.contract;

import java.time.Instant;

/** What one store saw in one minute: people through the doors, and identified visits that began. */
public record FootfallMinute(String storeId, Instant minute, long doorEntries, long visits) {

  public static String key(String storeId, Instant minute) {
    return storeId + "@" + minute;
  }

  public String key() {
    return key(storeId, minute);
  }
}
