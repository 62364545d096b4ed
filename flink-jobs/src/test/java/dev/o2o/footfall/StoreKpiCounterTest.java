package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Shares;
import dev.o2o.contract.StoreKpis;
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

class StoreKpiCounterTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final List<CampaignCredit> CREDITED =
      List.of(new CampaignCredit("knit-season", new Shares(1, 1, 1, 1)));

  private KeyedOneInputStreamOperatorTestHarness<String, StoreDelta, StoreKpis> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new StoreKpiCounter(), StoreDelta::storeId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void countsVisitsConversionsAndSalesByChannel() throws Exception {
    AttributedVisit attributed = visit("v-1", CREDITED);
    add(StoreDelta.visit(attributed));
    add(StoreDelta.visit(visit("v-2", List.of())));
    add(StoreDelta.conversion(attributed));
    add(StoreDelta.purchase(purchase(PurchaseChannel.STORE, "60.00", CREDITED)));
    add(StoreDelta.purchase(purchase(PurchaseChannel.ONLINE, "40.00", CREDITED)));
    add(
        StoreDelta.anonymous(
            new Purchase(
                "s-9",
                null,
                PurchaseChannel.STORE,
                "berlin-mitte",
                T0,
                new BigDecimal("100.00"),
                "EUR")));

    List<StoreKpis> out = harness.extractOutputValues();
    StoreKpis kpis = out.get(out.size() - 1);
    assertThat(kpis.visits()).isEqualTo(2);
    assertThat(kpis.attributedVisits()).isEqualTo(1);
    assertThat(kpis.convertedVisits()).isEqualTo(1);
    assertThat(kpis.storeSales()).isEqualByComparingTo("160.00");
    assertThat(kpis.onlineSales()).isEqualByComparingTo("40.00");
    assertThat(kpis.attributedStoreSales()).isEqualByComparingTo("60.00");
    assertThat(kpis.updatedAt()).isEqualTo(T0);
  }

  private void add(StoreDelta delta) throws Exception {
    harness.processElement(delta, delta.at().toEpochMilli());
  }

  private static AttributedVisit visit(String id, List<CampaignCredit> credits) {
    return new AttributedVisit(id, "cust-1", "berlin-mitte", T0, List.of(), credits);
  }

  private static AttributedPurchase purchase(
      PurchaseChannel channel, String amount, List<CampaignCredit> credits) {
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
        credits);
  }
}
