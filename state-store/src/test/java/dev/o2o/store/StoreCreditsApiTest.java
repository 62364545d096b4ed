package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.Json;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store manager's credit view through the real API: a Geode server in a child JVM holds the
 * totals as the inventory job writes them (contract JSON keyed by store id).
 */
class StoreCreditsApiTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:42Z");

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.at(NOW);

  @Test
  void showsTheStoredTotalsAndLatestCreditsUnderTheStoresName() throws Exception {
    StoreCredit pickup = credit("o-1", Role.PICKUP, null, "119.80");
    StoreCredit assisted = credit("o-2", Role.ASSOCIATE, "assoc-7", "229.00");
    StoreCreditTotals totals =
        new StoreCreditTotals(
            "hamburg-jungfernstieg",
            List.of(
                new RoleTotal(Role.PICKUP, "EUR", new BigDecimal("119.80"), 1, 1),
                new RoleTotal(Role.FULFILMENT, "EUR", BigDecimal.ZERO, 0, 0),
                new RoleTotal(Role.INFLUENCE, "EUR", BigDecimal.ZERO, 0, 0),
                new RoleTotal(Role.ASSOCIATE, "EUR", new BigDecimal("229.00"), 1, 1)),
            List.of(assisted, pickup),
            NOW);
    STATE.put(Regions.STORE_CREDITS, "hamburg-jungfernstieg", totals);

    JsonNode body = STATE.getJson("/api/stores/hamburg-jungfernstieg/credits", 200);

    assertThat(body.get("storeId").asText()).isEqualTo("hamburg-jungfernstieg");
    assertThat(body.get("name").asText()).isEqualTo("Hamburg Jungfernstieg");
    assertThat(body.at("/roles/0/role").asText()).isEqualTo("pickup");
    assertThat(body.at("/roles/0/amount").asText()).isEqualTo("119.80");
    assertThat(body.at("/roles/0/units").asLong()).isEqualTo(1);
    assertThat(body.at("/roles/3/role").asText()).isEqualTo("associate");
    assertThat(body.at("/roles/3/lines").asLong()).isEqualTo(1);
    assertThat(body.at("/recent/0/associateId").asText()).isEqualTo("assoc-7");
    assertThat(body.at("/recent/1/eventId").asText()).isEqualTo(pickup.eventId());
    assertThat(body.get("updatedAt").asText()).isEqualTo(NOW.toString());
    assertThat(Json.decode(Json.mapper().writeValueAsString(body), StoreCreditTotals.class))
        .isEqualTo(totals);
  }

  @Test
  void aStoreWithoutCreditsShowsEveryRoleAtZeroInTheCatalogueCurrency() throws Exception {
    JsonNode body = STATE.getJson("/api/stores/vienna-mariahilf/credits", 200);

    assertThat(body.get("storeId").asText()).isEqualTo("vienna-mariahilf");
    assertThat(body.get("roles")).hasSize(Role.values().length);
    for (JsonNode role : body.get("roles")) {
      assertThat(role.get("currency").asText()).isEqualTo("EUR");
      assertThat(new BigDecimal(role.get("amount").asText())).isZero();
      assertThat(role.get("lines").asLong()).isZero();
    }
    assertThat(body.get("recent")).isEmpty();
    assertThat(body.has("updatedAt")).isFalse();
  }

  @Test
  void anUnknownStoreOrTheWarehouseIsNotFoundWithAJsonError() throws Exception {
    assertThat(STATE.getJson("/api/stores/atlantis/credits", 404).get("error").asText())
        .isEqualTo("store 'atlantis' is not configured");
    assertThat(STATE.getJson("/api/stores/online-dc/credits", 404).get("error").asText())
        .contains("online-dc");
  }

  private static StoreCredit credit(String orderId, Role role, String associateId, String amount) {
    return new StoreCredit(
        orderId + ":BLAZER-NAVY-50:hamburg-jungfernstieg:1:" + role,
        NOW,
        orderId,
        "c-1",
        "hamburg-jungfernstieg",
        role,
        associateId,
        "BLAZER-NAVY-50",
        1,
        new BigDecimal(amount),
        "EUR");
  }
}
