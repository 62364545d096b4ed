package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Shares;
import dev.o2o.contract.TouchKind;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CampaignKpiCounterTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Shares HALF = new Shares(1, 0, 0.5, 0.25);

  private KeyedOneInputStreamOperatorTestHarness<String, CampaignDelta, CampaignKpis> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CampaignKpiCounter(TestEngine.config().campaigns()),
            CampaignDelta::campaignId,
            Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aConfiguredCampaignStartsWithItsSpendAndCountsTouchesByKind() throws Exception {
    touch(TouchKind.IMPRESSION);
    touch(TouchKind.IMPRESSION);
    touch(TouchKind.CLICK);
    touch(TouchKind.COUPON_CLAIM);

    CampaignKpis kpis = latest();
    assertThat(kpis.name()).isEqualTo("Autumn tailoring");
    assertThat(kpis.spend()).isEqualByComparingTo("12000.00");
    assertThat(kpis.impressions()).isEqualTo(2);
    assertThat(kpis.clicks()).isEqualTo(1);
    assertThat(kpis.couponClaims()).isEqualTo(1);
    assertThat(kpis.updatedAt()).isEqualTo(T0);
  }

  @Test
  void addsEachModelsShareOfVisitsConversionsAndRevenue() throws Exception {
    AttributedVisit visit =
        new AttributedVisit(
            "v-1",
            "cust-1",
            "berlin-mitte",
            T0,
            List.of(),
            List.of(new CampaignCredit("autumn-tailoring", HALF)));
    deltas(CampaignDelta.visits(visit));
    deltas(CampaignDelta.conversions(visit));
    deltas(CampaignDelta.purchases(purchase(PurchaseChannel.STORE, "100.00")));
    deltas(CampaignDelta.purchases(purchase(PurchaseChannel.ONLINE, "40.00")));

    CampaignKpis kpis = latest();
    assertThat(kpis.model(AttributionModel.FIRST).visits()).isEqualTo(1);
    assertThat(kpis.model(AttributionModel.LAST).visits()).isZero();
    assertThat(kpis.model(AttributionModel.LINEAR).convertedVisits()).isEqualTo(0.5);
    assertThat(kpis.model(AttributionModel.TIME_DECAY).storeRevenue()).isEqualByComparingTo("25");
    assertThat(kpis.model(AttributionModel.LINEAR).onlineRevenue()).isEqualByComparingTo("20");
    assertThat(kpis.model(AttributionModel.LAST).storeRevenue()).isEqualByComparingTo("0");
  }

  private void touch(TouchKind kind) throws Exception {
    harness.processElement(
        CampaignDelta.of(new OnlineTouch("t", T0, "cust-1", kind, "autumn-tailoring", null)),
        T0.toEpochMilli());
  }

  private void deltas(List<CampaignDelta> deltas) throws Exception {
    for (CampaignDelta delta : deltas) {
      harness.processElement(delta, delta.at().toEpochMilli());
    }
  }

  private static AttributedPurchase purchase(PurchaseChannel channel, String amount) {
    return new AttributedPurchase(
        "p-" + channel,
        "cust-1",
        channel,
        "berlin-mitte",
        T0,
        new BigDecimal(amount),
        "EUR",
        null,
        false,
        List.of(),
        List.of(new CampaignCredit("autumn-tailoring", HALF)));
  }

  private CampaignKpis latest() {
    List<CampaignKpis> out = harness.extractOutputValues();
    return out.get(out.size() - 1);
  }
}
