package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.Campaign;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The holdout rule of the offer selector: a campaign's control group never gets its offers. */
class OfferSelectorHoldoutTest {
  /** Drawn into the control group of autumn-tailoring (10% held out in the test config). */
  private static final String CONTROL = "c-1";

  /** Drawn into the exposed group of autumn-tailoring. */
  private static final String EXPOSED = "cust-1";

  private static final Instant T0 = TestEngine.MORNING;

  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new OfferSelector(
                TestEngine.config(), new StockInMemory().with("berlin-mitte", "BLAZER-NAVY-50")),
            CustomerSignal::customerId,
            Types.STRING,
            OfferSelector.CAMPAIGNS,
            OfferSelector.BUDGETS);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void theDrawPlacesTheTestMembersInTheirGroups() {
    Campaign autumn = TestEngine.config().campaigns().get(0);
    assertThat(autumn.holdsOut(CONTROL)).isTrue();
    assertThat(autumn.holdsOut(EXPOSED)).isFalse();
  }

  @Test
  void aControlMemberGetsTheCartedItemWithoutTheCampaignsBenefit() throws Exception {
    viewAndArrive(CONTROL);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.sku()).isEqualTo("BLAZER-NAVY-50");
              assertThat(offer.campaignId()).isNull();
              assertThat(offer.percentOff()).isZero();
            });
  }

  @Test
  void anExposedMemberGetsTheCampaignsOffer() throws Exception {
    viewAndArrive(EXPOSED);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(offer -> assertThat(offer.campaignId()).isEqualTo("autumn-tailoring"));
  }

  private void viewAndArrive(String customerId) throws Exception {
    harness.processElement(
        CustomerSignal.of(new CustomerUpdated("m-" + customerId, T0, customerId, "gold", true)), 0);
    harness.processElement(
        CustomerSignal.of(
            new OnlineTouch(
                "t-" + customerId, T0, customerId, TouchKind.ADD_TO_CART, null, "BLAZER-NAVY-50")),
        0);
    harness.processElement(
        CustomerSignal.of(
            new Visit(
                "v-" + customerId,
                customerId,
                "berlin-mitte",
                T0.minusSeconds(10),
                T0,
                VisitStatus.OPEN,
                2)),
        T0.toEpochMilli());
  }
}
