package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignLiftTest {
  @Test
  void liftIsTheRatioOfVisitRatesWithALogNormalInterval() {
    CampaignKpis.Lift lift = new CampaignKpis.Holdout(1000, 300, 200, 40).lift(100).orElseThrow();

    assertThat(lift.exposedRate()).isEqualTo(0.3);
    assertThat(lift.controlRate()).isEqualTo(0.2);
    assertThat(lift.ratio()).isCloseTo(1.5, within(1e-12));
    double se = Math.sqrt(1.0 / 300 - 1.0 / 1000 + 1.0 / 40 - 1.0 / 200);
    assertThat(lift.low()).isCloseTo(1.5 * Math.exp(-1.959963984540054 * se), within(1e-12));
    assertThat(lift.high()).isCloseTo(1.5 * Math.exp(1.959963984540054 * se), within(1e-12));
    assertThat(lift.low()).isCloseTo(1.12, within(0.01));
    assertThat(lift.high()).isCloseTo(2.01, within(0.01));
  }

  @Test
  void liftIsShownOnlyAboveTheMinimumVolumeAndWithVisitorsInBothGroups() {
    assertThat(new CampaignKpis.Holdout(1000, 300, 99, 40).lift(100)).isEmpty();
    assertThat(new CampaignKpis.Holdout(1000, 300, 200, 0).lift(100)).isEmpty();
    assertThat(new CampaignKpis.Holdout(100, 30, 100, 20).lift(100)).isPresent();
  }

  @Test
  void theHoldoutDrawIsStableAndHoldsOutAboutTheConfiguredShare() {
    Campaign campaign =
        new Campaign(
            "knit-season",
            "Knit season",
            List.of("knitwear"),
            Benefit.percentOff(15),
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            new BigDecimal("6000.00"),
            "EUR",
            0.2,
            null,
            null);
    int heldOut = 0;
    for (int i = 0; i < 20_000; i++) {
      if (campaign.holdsOut("member-" + i)) {
        heldOut++;
      }
    }
    assertThat(heldOut / 20_000.0).isCloseTo(0.2, within(0.01));
    assertThat(Campaign.holdoutDraw("knit-season", "member-1"))
        .isEqualTo(Campaign.holdoutDraw("knit-season", "member-1"))
        .isNotEqualTo(Campaign.holdoutDraw("autumn-tailoring", "member-1"));
  }
}
