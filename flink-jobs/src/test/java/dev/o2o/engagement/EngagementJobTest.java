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
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EngagementJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;

  private final EngineConfig config = TestEngine.config();

  @Test
  void turnsSightingsIntoVisitsOffersOnlyToConsentingCustomersAndKeepsProfiles() throws Exception {
    List<CustomerUpdated> customers =
        List.of(
            new CustomerUpdated("c-1", T0.minusSeconds(3600), "cust-1", "gold", true),
            new CustomerUpdated("c-2", T0.minusSeconds(3600), "cust-2", "basic", false));
    List<OnlineTouch> touches =
        List.of(
            new OnlineTouch(
                "t-1",
                T0.minusSeconds(600),
                "cust-1",
                TouchKind.ADD_TO_CART,
                null,
                "BLAZER-NAVY-50"),
            new OnlineTouch(
                "t-2",
                T0.minusSeconds(600),
                "cust-2",
                TouchKind.ADD_TO_CART,
                null,
                "BLAZER-NAVY-50"));
    List<PosSale> purchases =
        List.of(
            new PosSale(
                "p-1",
                T0.minusSeconds(900),
                "hamburg-jungfernstieg",
                "rc-1",
                "SHIRT-OXF-WHT-M",
                1,
                new BigDecimal("59.90"),
                "EUR",
                "cust-3",
                null));
    OrderPlaced order =
        new OrderPlaced(
            "o-1",
            T0.minusSeconds(800),
            "ord-1",
            "cust-3",
            Fulfilment.SHIP,
            null,
            "EUR",
            List.of(new OrderLine("BLAZER-NAVY-50", 1, new BigDecimal("229.00"))),
            null,
            null,
            null);
    OrderPlaced redelivered =
        new OrderPlaced(
            "o-1-again",
            order.occurredAt(),
            order.orderId(),
            order.customerId(),
            order.fulfilment(),
            null,
            order.currency(),
            order.lines(),
            null,
            null,
            null);
    List<CampaignDefined> campaigns =
        List.of(
            new CampaignDefined(
                "cd-1",
                T0.minusSeconds(7200),
                new Campaign(
                    "knit-week",
                    "Knit week",
                    List.of("knitwear"),
                    Benefit.percentOff(30),
                    T0.minusSeconds(7200),
                    T0.plusSeconds(86_400),
                    new BigDecimal("500.00"),
                    "EUR",
                    0.1,
                    new BigDecimal("200.00"),
                    30)));
    List<BeaconSighting> sightings =
        List.of(
            new BeaconSighting("b-1", T0, "berlin-mitte", "bm-entrance", "cust-1", -60),
            new BeaconSighting("b-2", T0, "berlin-mitte", "bm-entrance", "cust-2", -60),
            new BeaconSighting(
                "b-3", T0.plusSeconds(20), "berlin-mitte", "bm-floor", "cust-1", -60),
            new BeaconSighting(
                "b-4", T0.plusSeconds(20), "berlin-mitte", "bm-floor", "cust-2", -60),
            new BeaconSighting(
                "b-5", T0.plusSeconds(3600), "hamburg-jungfernstieg", "hh-entrance", "cust-1", -60),
            new BeaconSighting(
                "b-6",
                T0.plusSeconds(3620),
                "hamburg-jungfernstieg",
                "hh-entrance",
                "cust-1",
                -60));

    StreamExecutionEnvironment env = BoundedInputs.environment();
    EngagementJob.Outputs out =
        EngagementJob.topology(
            BoundedInputs.paced(
                env, BeaconSighting.class, BeaconSighting::occurredAt, sightings, 4),
            BoundedInputs.of(env, CustomerUpdated.class, CustomerUpdated::occurredAt, customers),
            BoundedInputs.of(env, OnlineTouch.class, OnlineTouch::occurredAt, touches),
            BoundedInputs.of(env, PosSale.class, PosSale::occurredAt, purchases),
            BoundedInputs.of(
                env, OrderPlaced.class, OrderPlaced::occurredAt, List.of(order, redelivered)),
            BoundedInputs.of(env, CampaignDefined.class, CampaignDefined::occurredAt, campaigns),
            BoundedInputs.none(env, CampaignBudget.class),
            BoundedInputs.none(env, Redemption.class),
            config,
            new StockInMemory().with("berlin-mitte", "BLAZER-NAVY-50"));
    CloseableIterator<Visit> visits = out.visits().collectAsync();
    CloseableIterator<Offer> offers = out.offers().collectAsync();
    CloseableIterator<MemberProfile> profiles = out.profiles().collectAsync();
    env.execute("engagement-test");

    assertThat(drain(visits))
        .extracting(Visit::customerId, Visit::storeId, Visit::status)
        .containsExactlyInAnyOrder(
            tuple("cust-1", "berlin-mitte", VisitStatus.OPEN),
            tuple("cust-1", "berlin-mitte", VisitStatus.CLOSED),
            tuple("cust-1", "hamburg-jungfernstieg", VisitStatus.OPEN),
            tuple("cust-1", "hamburg-jungfernstieg", VisitStatus.CLOSED),
            tuple("cust-2", "berlin-mitte", VisitStatus.OPEN),
            tuple("cust-2", "berlin-mitte", VisitStatus.CLOSED));
    assertThat(drain(offers))
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.customerId()).isEqualTo("cust-1");
              assertThat(offer.storeId()).isEqualTo("berlin-mitte");
              assertThat(offer.sku()).isEqualTo("BLAZER-NAVY-50");
              assertThat(offer.percentOff()).isEqualTo(10);
            });
    Map<String, MemberProfile> latest = new HashMap<>();
    drain(profiles).forEach(profile -> latest.put(profile.customerId(), profile));
    assertThat(latest.get("cust-3"))
        .satisfies(
            member -> {
              assertThat(member.points()).isEqualTo(59 + 229);
              assertThat(member.purchases())
                  .extracting(MemberProfile.Purchase::sku, MemberProfile.Purchase::channel)
                  .containsExactlyInAnyOrder(
                      tuple("SHIRT-OXF-WHT-M", PurchaseChannel.STORE),
                      tuple("BLAZER-NAVY-50", PurchaseChannel.ONLINE));
            });
    assertThat(latest.get("cust-1").visits())
        .extracting(MemberProfile.StoreVisit::storeId)
        .containsExactly("hamburg-jungfernstieg", "berlin-mitte");
    assertThat(latest.get("cust-1").liveOffer()).isNotNull();
    assertThat(latest.get("cust-2").offerConsent()).isFalse();
  }
}
