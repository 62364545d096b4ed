package dev.o2o.engagement;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EngagementVisitsJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final int CUSTOMERS = 6;

  private final EngineConfig config = TestEngine.config();

  @Test
  void followsEachCustomerThroughTheZonesOfOneVisitDespiteRedeliveredSightings() throws Exception {
    List<BeaconSighting> sightings = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      String customer = "cust-" + c;
      BeaconSighting atTheDoor =
          new BeaconSighting("b-" + c + "-1", T0, "berlin-mitte", "bm-entrance", customer, -60);
      sightings.add(atTheDoor);
      sightings.add(atTheDoor);
      sightings.add(
          new BeaconSighting(
              "b-" + c + "-2", T0.plusSeconds(20), "berlin-mitte", "bm-entrance", customer, -62));
      BeaconSighting onTheFloor =
          new BeaconSighting(
              "b-" + c + "-3", T0.plusSeconds(50), "berlin-mitte", "bm-floor", customer, -58);
      sightings.add(onTheFloor);
      sightings.add(onTheFloor);
      sightings.add(
          new BeaconSighting(
              "b-" + c + "-4", T0.plusSeconds(170), "berlin-mitte", "bm-floor", customer, -58));
    }
    sightings.add(
        new BeaconSighting("b-passer-by", T0, "berlin-mitte", "bm-entrance", "passer-by", -60));

    StreamExecutionEnvironment env = BoundedInputs.environment();
    DataStream<BeaconSighting> input =
        BoundedInputs.paced(env, BeaconSighting.class, BeaconSighting::occurredAt, sightings, 500);
    EngagementJob.Outputs out =
        EngagementJob.topology(
            input,
            nothing(input, CustomerUpdated.class),
            nothing(input, OnlineTouch.class),
            nothing(input, PosSale.class),
            nothing(input, OrderPlaced.class),
            nothing(input, CampaignDefined.class),
            nothing(input, CampaignBudget.class),
            nothing(input, Redemption.class),
            config,
            new StockInMemory());
    CloseableIterator<Visit> visits = out.visits().collectAsync();
    env.execute("engagement-visits-test");

    List<Visit> all = drain(visits);
    assertThat(all).extracting(Visit::customerId).doesNotContain("passer-by");
    for (int c = 0; c < CUSTOMERS; c++) {
      String customer = "cust-" + c;
      List<Visit> ofCustomer = all.stream().filter(v -> v.customerId().equals(customer)).toList();
      assertThat(ofCustomer)
          .extracting(Visit::status, Visit::zone, Visit::sightings)
          .containsExactly(
              tuple(VisitStatus.OPEN, "entrance", 2L),
              tuple(VisitStatus.ZONE_CHANGED, "floor", 3L),
              tuple(VisitStatus.CLOSED, "floor", 4L));
      assertThat(ofCustomer).extracting(Visit::visitId).containsOnly(ofCustomer.get(0).visitId());
      assertThat(ofCustomer.get(2).zones())
          .containsExactly(
              new ZoneDwell("entrance", T0, 50), new ZoneDwell("floor", T0.plusSeconds(50), 120));
      assertThat(ofCustomer.get(2).dwellSeconds()).isEqualTo(170);
    }
  }

  /**
   * An input of the job that carries nothing in this test, with the watermarks of {@code clock}.
   */
  private static <T> DataStream<T> nothing(DataStream<BeaconSighting> clock, Class<T> type) {
    return clock
        .flatMap((BeaconSighting sighting, Collector<T> none) -> {})
        .returns(TypeInformation.of(type))
        .name("No " + type.getSimpleName());
  }
}
