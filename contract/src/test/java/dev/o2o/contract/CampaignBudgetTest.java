package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignBudgetTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void isExhaustedOnceCommittedReachesTheBudget() {
    assertThat(status("100.00", "99.99").exhausted()).isFalse();
    assertThat(status("100.00", "99.99").remaining()).isEqualByComparingTo("0.01");
    assertThat(status("100.00", "100.00").exhausted()).isTrue();
    assertThat(status("100.00", "130.00").remaining()).isEqualByComparingTo("0");
  }

  @Test
  void travelsOnItsTopicAsTheSameRecord() {
    CampaignBudget status = status("2500000.00", "1250.40");

    assertThat(Topics.CAMPAIGN_BUDGETS.decode(Topics.CAMPAIGN_BUDGETS.encode(status)))
        .isEqualTo(status);
    assertThat(Topics.CAMPAIGN_BUDGETS.keyOf(status)).isEqualTo("knit-week");
  }

  @Test
  void refusesAnExhaustedFlagThatDisagreesWithTheAmounts() {
    assertThatThrownBy(
            () ->
                new CampaignBudget(
                    "knit-week", new BigDecimal("100"), new BigDecimal("10"), "EUR", 1, true, AT))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("exhausted");
    assertThatThrownBy(() -> status("100.00", "-1.00"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("committed must not be negative");
  }

  private static CampaignBudget status(String budget, String committed) {
    return CampaignBudget.of(
        "knit-week", new BigDecimal(budget), new BigDecimal(committed), "EUR", 3, AT);
  }
}
