package dev.o2o.sourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.GeoPoint;
import dev.o2o.config.SalesChannel;
import dev.o2o.config.StockLocation;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Sourcing;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourcerTest {
  private static final Set<SalesChannel> ALL = EnumSet.allOf(SalesChannel.class);
  private static final StockLocation BERLIN =
      new StockLocation("berlin", new GeoPoint(52.52, 13.40), true, ALL, 2);
  private static final StockLocation POTSDAM =
      new StockLocation("potsdam", new GeoPoint(52.39, 13.06), true, ALL, 2);
  private static final StockLocation SHOWROOM =
      new StockLocation(
          "showroom", new GeoPoint(52.50, 13.32), true, EnumSet.of(SalesChannel.IN_STORE), 2);
  private static final StockLocation MUNICH =
      new StockLocation("munich", new GeoPoint(48.14, 11.57), true, ALL, 2);
  private static final StockLocation WAREHOUSE =
      new StockLocation("dc", new GeoPoint(50.98, 11.03), false, Set.of(SalesChannel.SHIP), 2);

  private final Sourcer sourcer =
      new Sourcer(List.of(BERLIN, POTSDAM, SHOWROOM, MUNICH, WAREHOUSE), "dc", 2, 40);

  @Test
  void aStoreThatRejectedTheOrderIsNeverChosenAgain() {
    Sourcer.Plan plan =
        sourcer.source(
            collect("berlin", 1, Set.of("berlin")), available(Map.of("berlin", 5L, "potsdam", 5L)));

    assertThat(plan.allocations())
        .extracting(Sourcer.Allocation::locationId, Sourcer.Allocation::sourcing)
        .containsExactly(tuple("potsdam", Sourcing.NEAREST_STORE));
  }

  @Test
  void aStoreThatDoesNotServeTheChannelIsSkipped() {
    Sourcer.Plan plan =
        sourcer.source(
            collect("berlin", 1, Set.of()), available(Map.of("showroom", 9L, "munich", 9L)));

    assertThat(plan.allocations())
        .extracting(
            Sourcer.Allocation::locationId,
            Sourcer.Allocation::sourcing,
            Sourcer.Allocation::transferTo)
        .containsExactly(tuple("munich", Sourcing.TRANSFER, "berlin"));
  }

  @Test
  void refusesClickAndCollectAtAStoreThatDoesNotOfferIt() {
    Sourcer.Plan plan =
        sourcer.source(collect("showroom", 1, Set.of()), available(Map.of("showroom", 9L)));

    assertThat(plan.accepted()).isFalse();
    assertThat(plan.refusal()).isEqualTo("store showroom does not offer click and collect");
  }

  @Test
  void shipsFromTheLocationNearestTheShipToPoint() {
    Sourcer.Plan plan =
        sourcer.source(
            new Sourcer.Request(
                Fulfilment.SHIP, null, new Coordinates(48.2, 11.6), "SKU", 2, Set.of()),
            available(Map.of("berlin", 5L, "munich", 5L, "dc", 5L)));

    assertThat(plan.allocations())
        .extracting(Sourcer.Allocation::locationId)
        .containsExactly("munich");
  }

  @Test
  void shipsFromTheWarehouseFirstWhenTheOrderSaysNothingOfWhere() {
    Sourcer.Plan plan =
        sourcer.source(
            new Sourcer.Request(Fulfilment.SHIP, null, null, "SKU", 2, Set.of()),
            available(Map.of("berlin", 5L, "munich", 5L, "dc", 5L)));

    assertThat(plan.allocations()).extracting(Sourcer.Allocation::locationId).containsExactly("dc");
  }

  private static Sourcer.Request collect(String store, int quantity, Set<String> excluded) {
    return new Sourcer.Request(
        Fulfilment.CLICK_AND_COLLECT, store, null, "SKU", quantity, excluded);
  }

  private static java.util.function.ToLongFunction<String> available(Map<String, Long> units) {
    return location -> units.getOrDefault(location, 0L);
  }
}
