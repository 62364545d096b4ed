package dev.o2o.footfall;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.KnownIds;
import java.util.Optional;

/**
 * What the footfall job accepts from its topics: door counts of configured stores, visits as they
 * open (their close changes neither footfall nor attribution), and campaign touches.
 */
public final class FootfallInputs {
  private FootfallInputs() {}

  public static InputMapping<DoorCount, DoorCount> doorCounts(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return count -> {
      known.requireStore(count.storeId());
      return Optional.of(count);
    };
  }

  public static InputMapping<Visit, Visit> arrivals() {
    return visit -> Optional.of(visit).filter(v -> v.status() == VisitStatus.OPEN);
  }

  public static InputMapping<OnlineTouch, OnlineTouch> campaignTouches() {
    return touch -> Optional.of(touch).filter(t -> t.campaignId() != null);
  }
}
