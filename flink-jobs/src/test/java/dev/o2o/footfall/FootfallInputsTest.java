package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.TestEngine;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FootfallInputsTest {
  private static final Instant AT = TestEngine.MORNING;
  private final EngineConfig config = TestEngine.config();

  @Test
  void eachMappingRestoredFromTheJobGraphTakesItsOwnRecords() throws Exception {
    Visit visit = new Visit("v-1", "cust-1", "berlin-mitte", AT, AT, VisitStatus.OPEN, 2);
    CampaignDefined defined = new CampaignDefined("cd-1", AT, config.campaigns().get(0));
    Offer offer = offer("berlin-mitte");
    Redemption redemption = redemption("berlin-mitte");

    assertThat(shipped(FootfallInputs.visits()).map(visit)).contains(visit);
    assertThat(shipped(FootfallInputs.campaigns()).map(defined)).contains(defined);
    assertThat(shipped(FootfallInputs.offers(config)).map(offer)).contains(offer);
    assertThat(shipped(FootfallInputs.redemptions(config)).map(redemption)).contains(redemption);
  }

  @Test
  void offersAndRedemptionsOfAStoreNotConfiguredAreRefused() {
    assertThatThrownBy(() -> FootfallInputs.offers(config).map(offer("atlantis")))
        .isInstanceOf(InvalidEventException.class);
    assertThatThrownBy(() -> FootfallInputs.redemptions(config).map(redemption("atlantis")))
        .isInstanceOf(InvalidEventException.class);
  }

  /** The mapping as a task gets it: serialized with the job graph and read back. */
  private static <E, T> InputMapping<E, T> shipped(InputMapping<E, T> mapping) throws Exception {
    return InstantiationUtil.clone(mapping, FootfallInputsTest.class.getClassLoader());
  }

  private static Offer offer(String storeId) {
    return new Offer(
        "o-1",
        "cust-1",
        storeId,
        "v-1",
        "SKU-1",
        "autumn-tailoring",
        Benefit.percentOff(10),
        "CODE-1",
        "arrival",
        AT,
        AT.plus(Duration.ofHours(2)));
  }

  private static Redemption redemption(String storeId) {
    return new Redemption(
        "r-1",
        "CODE-1",
        "o-1",
        "autumn-tailoring",
        "cust-1",
        storeId,
        "s-1",
        "rc-1",
        "SKU-1",
        Redemption.Outcome.ACCEPTED,
        null,
        AT,
        null);
  }
}
