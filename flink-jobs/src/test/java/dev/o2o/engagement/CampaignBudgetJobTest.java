package dev.o2o.engagement;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.TouchKind;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The budget loop of the engagement topology at parallelism 2: redemptions of a campaign's offers
 * use up its budget, and the statuses the job writes, read back as its budgets input, stop the
 * campaign until its budget is raised.
 */
class CampaignBudgetJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final String STORE = "berlin-mitte";

  private final EngineConfig config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));

  @Test
  void redemptionsUseUpTheBudgetAndTheStatusReadBackStopsTheCampaignUntilItIsRaised()
      throws Exception {
    List<PosSale> redeeming =
        List.of(
            sale("s-1", T0.plusSeconds(600), "cust-1", code("cust-1", T0)),
            sale("s-2", T0.plusSeconds(700), "cust-2", code("cust-2", T0.plusSeconds(30))),
            sale("s-3", T0.plusSeconds(800), "cust-2", code("cust-2", T0.plusSeconds(30))));
    Run spending =
        run(
            List.of(knitWeek("30.00")),
            List.of(status("elsewhere", "0")),
            arrivals("cust-1", T0, "cust-2", T0.plusSeconds(30)),
            redeeming);

    assertThat(spending.offers())
        .extracting(Offer::customerId, Offer::campaignId)
        .containsExactlyInAnyOrder(tuple("cust-1", "knit-week"), tuple("cust-2", "knit-week"));
    CampaignBudget spent =
        spending.budgets().stream()
            .filter(b -> b.campaignId().equals("knit-week"))
            .max(Comparator.comparing(CampaignBudget::committed))
            .orElseThrow();
    assertThat(spent.committed()).isEqualByComparingTo("39.60");
    assertThat(spent.redemptions()).isEqualTo(2);
    assertThat(spent.exhausted()).isTrue();

    List<PosSale> none = List.of(sale("s-9", T0, "cust-elsewhere", null));
    Run stopped =
        run(
            List.of(knitWeek("30.00")),
            spending.budgets(),
            arrivals("cust-3", T0.plusSeconds(1000), "cust-4", T0.plusSeconds(1030)),
            none);
    assertThat(stopped.offers()).isEmpty();

    Run raised =
        run(
            List.of(knitWeek("100.00")),
            spending.budgets(),
            arrivals("cust-3", T0.plusSeconds(1000), "cust-4", T0.plusSeconds(1030)),
            none);
    assertThat(raised.offers())
        .extracting(Offer::customerId, Offer::campaignId)
        .containsExactlyInAnyOrder(tuple("cust-3", "knit-week"), tuple("cust-4", "knit-week"));
  }

  private record Run(List<Offer> offers, List<CampaignBudget> budgets) {}

  private Run run(
      List<CampaignDefined> campaigns,
      List<CampaignBudget> budgets,
      List<BeaconSighting> sightings,
      List<PosSale> sales)
      throws Exception {
    List<CustomerUpdated> customers = new ArrayList<>();
    for (int c = 1; c <= 4; c++) {
      customers.add(
          new CustomerUpdated("cu-" + c, T0.minusSeconds(3600), "cust-" + c, "gold", true));
    }
    StreamExecutionEnvironment env = BoundedInputs.environment();
    EngagementJob.Outputs out =
        EngagementJob.topology(
            BoundedInputs.paced(
                env, BeaconSighting.class, BeaconSighting::occurredAt, sightings, 4),
            BoundedInputs.of(env, CustomerUpdated.class, CustomerUpdated::occurredAt, customers),
            BoundedInputs.of(
                env,
                OnlineTouch.class,
                OnlineTouch::occurredAt,
                List.of(
                    new OnlineTouch(
                        "t-1",
                        T0.minusSeconds(600),
                        "cust-elsewhere",
                        TouchKind.PRODUCT_VIEW,
                        null,
                        "CHINO-BEIGE-32"))),
            BoundedInputs.of(env, PosSale.class, PosSale::occurredAt, sales),
            BoundedInputs.of(
                env,
                OrderPlaced.class,
                OrderPlaced::occurredAt,
                List.of(
                    new OrderPlaced(
                        "op-1",
                        T0,
                        "o-1",
                        "cust-elsewhere",
                        Fulfilment.SHIP,
                        null,
                        "EUR",
                        List.of(new OrderLine("CHINO-BEIGE-32", 1, new BigDecimal("79.90"))),
                        null,
                        null,
                        null))),
            BoundedInputs.of(env, CampaignDefined.class, CampaignDefined::occurredAt, campaigns),
            BoundedInputs.of(env, CampaignBudget.class, CampaignBudget::occurredAt, budgets),
            BoundedInputs.none(env, Redemption.class),
            config,
            new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    CloseableIterator<Offer> offers = out.offers().collectAsync();
    CloseableIterator<CampaignBudget> statuses = out.campaignBudgets().collectAsync();
    env.execute("campaign-budget-test");
    return new Run(drain(offers), drain(statuses));
  }

  private static List<BeaconSighting> arrivals(
      String first, Instant firstAt, String second, Instant secondAt) {
    return List.of(
        new BeaconSighting("b-" + first + "-1", firstAt, STORE, "bm-entrance", first, -60),
        new BeaconSighting(
            "b-" + first + "-2", firstAt.plusSeconds(10), STORE, "bm-floor", first, -60),
        new BeaconSighting("b-" + second + "-1", secondAt, STORE, "bm-entrance", second, -60),
        new BeaconSighting(
            "b-" + second + "-2", secondAt.plusSeconds(10), STORE, "bm-floor", second, -60));
  }

  private static String code(String customerId, Instant enteredAt) {
    return OfferSelector.code("offer-" + VisitDetector.visitId(customerId, STORE, enteredAt));
  }

  private static CampaignDefined knitWeek(String budget) {
    return new CampaignDefined(
        "cd-" + budget,
        T0.minusSeconds(7200),
        new Campaign(
            "knit-week",
            "Knit week",
            List.of("knitwear"),
            Benefit.percentOff(20),
            T0.minusSeconds(7200),
            T0.plusSeconds(86_400),
            new BigDecimal("500.00"),
            "EUR",
            0,
            new BigDecimal(budget),
            20));
  }

  private static CampaignBudget status(String campaignId, String committed) {
    return CampaignBudget.of(
        campaignId, new BigDecimal("100.00"), new BigDecimal(committed), "EUR", 0, T0);
  }

  private static PosSale sale(String eventId, Instant at, String customerId, String code) {
    return new PosSale(
        eventId,
        at,
        STORE,
        "rc-" + eventId,
        "KNIT-MERINO-M",
        1,
        new BigDecimal("99.00"),
        "EUR",
        customerId,
        code);
  }
}
