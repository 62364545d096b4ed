package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.contract.Event;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShortPicked;
import dev.o2o.contract.SafetyStockSet;
import dev.o2o.contract.StockTransferredIn;
import dev.o2o.contract.StockTransferredOut;
import dev.o2o.inventory.StockMovement.Kind;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.KnownIds;
import dev.o2o.jobs.TestEngine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InventoryInputsTest {
  private static final Instant T0 = TestEngine.MORNING;
  private final KnownIds known = KnownIds.of(TestEngine.config());

  @Test
  void aTransferLeavesItsSourceAndArrivesAtItsDestination() {
    StockMovement out =
        InventoryInputs.fromStock(
            new StockTransferredOut(
                "t-1", T0, "tr-1", "online-dc", "berlin-mitte", "BLAZER-NAVY-50", 3),
            known);
    StockMovement in =
        InventoryInputs.fromStock(
            new StockTransferredIn(
                "t-2", T0, "tr-1", "online-dc", "berlin-mitte", "BLAZER-NAVY-50", 3),
            known);

    assertThat(out.kind()).isEqualTo(Kind.TRANSFER_OUT);
    assertThat(out.locationId()).isEqualTo("online-dc");
    assertThat(in.kind()).isEqualTo(Kind.TRANSFER_IN);
    assertThat(in.locationId()).isEqualTo("berlin-mitte");
    assertThat(in.quantity()).isEqualTo(3);
  }

  @Test
  void refusesATransferToALocationNobodyConfigured() {
    assertThatThrownBy(
            () ->
                InventoryInputs.fromStock(
                    new StockTransferredOut(
                        "t-1", T0, "tr-1", "berlin-mitte", "atlantis", "BLAZER-NAVY-50", 1),
                    known))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("locationId 'atlantis' is neither a configured store nor the warehouse");
  }

  @Test
  void aSafetySettingCarriesItsUnits() {
    StockMovement safety =
        InventoryInputs.fromStock(
            new SafetyStockSet("s-1", T0, "berlin-mitte", "SHIRT-OXF-WHT-M", 2), known);

    assertThat(safety.kind()).isEqualTo(Kind.SAFETY);
    assertThat(safety.quantity()).isEqualTo(2);
  }

  @Test
  void refusesRejectionsAndShortPicksFromUnknownStoresOrSkus() {
    InputMapping<Event, OrderEvent> orders = InventoryInputs.orders(TestEngine.config());

    assertThatThrownBy(() -> orders.map(new OrderRejected("r-1", T0, "o-1", "atlantis", "closed")))
        .hasMessage("storeId 'atlantis' is not a configured store");
    assertThatThrownBy(
            () -> orders.map(new OrderShortPicked("p-1", T0, "o-1", "berlin-mitte", "UNKNOWN", 1)))
        .hasMessage("sku 'UNKNOWN' is not in the catalogue");
    assertThat(orders.map(new OrderRejected("r-2", T0, "o-1", "berlin-mitte", "closed")))
        .hasValueSatisfying(
            step -> {
              assertThat(step.step()).isEqualTo(OrderEvent.Step.REJECTED);
              assertThat(step.reason()).isEqualTo("closed");
            });
  }
}
