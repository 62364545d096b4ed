package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final Instant T = Instant.parse("2026-11-23T10:15:30Z");

  static List<Event> oneOfEach() {
    return List.of(
        new BeaconSighting("e1", T, "berlin-mitte", "bm-entrance", "c-1", -61),
        new DoorCount("e2", T, "berlin-mitte", "main", 3, 1),
        new PosSale(
            "e3",
            T,
            "berlin-mitte",
            "r-1",
            "SKU-1",
            2,
            new BigDecimal("59.90"),
            "EUR",
            "c-1",
            "OFF-1"),
        new PosReturn(
            "e4", T, "berlin-mitte", "r-2", "SKU-1", 1, new BigDecimal("59.90"), "EUR", null),
        new OrderPlaced(
            "e5",
            T,
            "o-1",
            "c-1",
            Fulfilment.CLICK_AND_COLLECT,
            "berlin-mitte",
            "EUR",
            List.of(new OrderLine("SKU-1", 1, new BigDecimal("59.90"))),
            null,
            "assoc-7",
            "berlin-mitte"),
        new OrderCancelled("e6", T, "o-1"),
        new OrderPickedUp("e7", T, "o-1", "berlin-mitte"),
        new OrderShipped("e8", T, "o-2"),
        new StockReceived("e9", T, "online-dc", "SKU-1", 20),
        new StockCounted("e10", T, "berlin-mitte", "SKU-1", 7),
        new OnlineTouch("e11", T, "c-1", TouchKind.CLICK, "autumn", null),
        new CustomerUpdated("e12", T, "c-1", "gold", true),
        new CampaignDefined(
            "e13",
            T,
            new Campaign(
                "autumn",
                "Autumn",
                List.of("shirts"),
                Benefit.percentOff(10),
                T,
                T.plusSeconds(3600),
                new BigDecimal("100.00"),
                "EUR",
                0.1,
                new BigDecimal("40.00"),
                10)),
        new StockTransferredOut("e14", T, "tr-1", "online-dc", "berlin-mitte", "SKU-1", 4),
        new StockTransferredIn("e15", T, "tr-1", "online-dc", "berlin-mitte", "SKU-1", 4),
        new SafetyStockSet("e16", T, "berlin-mitte", "SKU-1", 2),
        new OrderRejected("e17", T, "o-1", "berlin-mitte", "no staff to pick"),
        new OrderShortPicked("e18", T, "o-1", "berlin-mitte", "SKU-1", 1));
  }

  @Test
  void everyEventTypeSurvivesTheWire() {
    for (Event event : oneOfEach()) {
      byte[] wire = Json.encodeEvent(event);
      assertThat(new String(wire, StandardCharsets.UTF_8))
          .startsWith("{\"type\":\"" + event.type().wireName() + "\"");
      assertThat(Json.decodeEvent(wire)).isEqualTo(event);
    }
    assertThat(oneOfEach()).extracting(Event::type).containsExactlyInAnyOrder(EventType.values());
  }

  @Test
  void writesAnEventAsItsTypeFollowedByTheRecordsFields() throws Exception {
    for (Event event : oneOfEach()) {
      ObjectNode expected = Json.mapper().createObjectNode().put("type", event.type().wireName());
      expected.setAll((ObjectNode) Json.mapper().valueToTree(event));
      assertThat(new String(Json.encodeEvent(event), StandardCharsets.UTF_8))
          .isEqualTo(Json.mapper().writeValueAsString(expected));
    }
  }

  @Test
  void writesEventTimesAsInstantDoes() {
    for (Instant at :
        List.of(T, T.plusMillis(7), T.plusNanos(120_000), T.plusNanos(1), Instant.EPOCH)) {
      String json =
          new String(
              Json.encodeEvent(new DoorCount("d", at, "berlin-mitte", "main", 1, 0)),
              StandardCharsets.UTF_8);
      assertThat(json).contains("\"occurredAt\":\"" + at + "\"");
    }
  }

  @Test
  void readsTheTypeWhereverItStandsInTheObject() throws Exception {
    for (Event event : oneOfEach()) {
      ObjectNode node = (ObjectNode) Json.mapper().readTree(Json.encodeEvent(event));
      String type = node.remove("type").asText();
      node.put("type", type);
      assertThat(Json.decodeEvent(Json.mapper().writeValueAsBytes(node))).isEqualTo(event);
    }
  }

  @Test
  void explainsABadValueTheSameWayWhereverTheTypeStands() {
    String body =
        "\"eventId\":\"s1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"storeId\":\"s\",\"receiptId\":\"r\",\"sku\":\"k\",\"quantity\":\"two\",\"unitPrice\":\"1.00\",\"currency\":\"EUR\"";
    assertReason("{\"type\":\"pos.sale\"," + body + "}", "quantity has an invalid value 'two'");
    assertReason("{" + body + ",\"type\":\"pos.sale\"}", "quantity has an invalid value 'two'");
    assertReason(
        "{\"type\":\"pos.sale\"," + body + "} trailing", "quantity has an invalid value 'two'");
  }

  @Test
  void writesMoneyAsDecimalStringsAndTimesAsIso() {
    String json = new String(Json.encodeEvent(oneOfEach().get(2)), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"unitPrice\":\"59.90\"")
        .contains("\"occurredAt\":\"2026-11-23T10:15:30Z\"");
  }

  @Test
  void rejectsMalformedPayloadsWithTheirReason() {
    assertReason("", "payload is empty");
    assertReason("{not json", "not valid JSON");
    assertReason("[1,2]", "payload must be one JSON object");
    assertReason("{\"eventId\":\"x\"}", "type is required");
    assertReason("{\"type\":\"pos.teleport\"}", "type 'pos.teleport' is not an event type");
    assertReason(
        "{\"type\":\"door.count\",\"eventId\":\"d1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"doorId\":\"main\",\"entries\":1,\"exits\":0}",
        "storeId is required");
    assertReason(
        "{\"type\":\"pos.sale\",\"eventId\":\"s1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"storeId\":\"s\",\"receiptId\":\"r\",\"sku\":\"k\",\"quantity\":-3,\"unitPrice\":\"1.00\",\"currency\":\"EUR\"}",
        "quantity must be between 1 and 10000 but was -3");
    assertReason(
        "{\"type\":\"beacon.sighting\",\"eventId\":\"b1\",\"occurredAt\":\"yesterday\",\"storeId\":\"s\",\"beaconId\":\"b\",\"customerId\":\"c\",\"rssi\":-60}",
        "occurredAt has an invalid value 'yesterday'");
    assertReason(
        "{\"type\":\"beacon.sighting\",\"eventId\":\"b1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"storeId\":\"s\",\"beaconId\":\"b\",\"customerId\":\"c\",\"rssi\":\"loud\"}",
        "rssi has an invalid value");
    assertReason(
        "{\"type\":\"beacon.sighting\",\"eventId\":\"b 1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"storeId\":\"s\",\"beaconId\":\"b\",\"customerId\":\"c\",\"rssi\":-60}",
        "eventId must be 1-128 letters");
    assertReason(
        "{\"type\":\"door.count\",\"pad\":\"" + "x".repeat(Json.MAX_PAYLOAD_BYTES) + "\"}",
        "more than the limit");
  }

  @Test
  void readsTheEventTimeWithoutDecodingTheEvent() {
    for (Event event : oneOfEach()) {
      assertThat(Json.occurredAt(Json.encodeEvent(event))).contains(T);
    }
    assertThat(
            Json.occurredAt(
                bytes(
                    "{\"nested\":{\"occurredAt\":\"x\"},\"occurredAt\":\"2026-11-23T10:15:30Z\"}")))
        .contains(T);
    assertThat(Json.occurredAt(bytes("{\"occurredAt\":\"yesterday\"}"))).isEmpty();
    assertThat(Json.occurredAt(bytes("{\"occurredAt\":17}"))).isEmpty();
    assertThat(Json.occurredAt(bytes("not json"))).isEmpty();
    assertThat(Json.occurredAt(bytes("[]"))).isEmpty();
  }

  @Test
  void idsAreLettersDigitsAndFewMarks() {
    assertThat(Require.isId("SHIRT-OXF-WHT-M")).isTrue();
    assertThat(Require.isId("c:00001_a.b")).isTrue();
    assertThat(Require.isId("x".repeat(128))).isTrue();
    assertThat(Require.isId("x".repeat(129))).isFalse();
    assertThat(Require.isId("-leading")).isFalse();
    assertThat(Require.isId("with space")).isFalse();
    assertThat(Require.isId("stores/a")).isFalse();
    assertThat(Require.isId("ümlaut")).isFalse();
    assertThat(Require.isId("é")).isFalse();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void stockAndOrderTopicsAcceptTheirNewEvents() {
    for (Event event : oneOfEach().subList(13, 18)) {
      Topic<Event> topic =
          event.type().wireName().startsWith("stock.") ? Topics.STOCK : Topics.ORDERS;
      assertThat(topic.decode(topic.encode(event))).isEqualTo(event);
    }
  }

  @Test
  void refusesATransferToItsOwnLocationAndABlankReason() {
    assertReason(
        "{\"type\":\"stock.transferred-out\",\"eventId\":\"t1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"transferId\":\"tr-1\",\"fromLocation\":\"a\",\"toLocation\":\"a\",\"sku\":\"k\",\"quantity\":1}",
        "toLocation must differ from the other end");
    assertReason(
        "{\"type\":\"order.rejected\",\"eventId\":\"r1\",\"occurredAt\":\"2026-11-23T10:00:00Z\",\"orderId\":\"o-1\",\"storeId\":\"s\",\"reason\":\" \"}",
        "reason is required");
  }

  @Test
  void topicRefusesEventsThatBelongElsewhere() {
    byte[] door = Json.encodeEvent(oneOfEach().get(1));
    assertThatThrownBy(() -> Topics.SALES.decode(door))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("does not belong on topic o2o.sales");
    assertThat(Topics.DOOR_COUNTS.decode(door)).isEqualTo(oneOfEach().get(1));
  }

  @Test
  void keysEventsForTheirConsumers() {
    List<Event> events = oneOfEach();
    assertThat(Topics.SALES.keyOf(events.get(2))).isEqualTo("berlin-mitte");
    assertThat(Topics.ORDERS.keyOf(events.get(5))).isEqualTo("o-1");
    assertThat(Topics.STOCK.keyOf(events.get(8))).isEqualTo("SKU-1");
    assertThat(Topics.STOCK.keyOf(events.get(13))).isEqualTo("SKU-1");
    assertThat(Topics.STOCK.keyOf(events.get(14))).isEqualTo("SKU-1");
    assertThat(Topics.STOCK.keyOf(events.get(15))).isEqualTo("SKU-1");
    assertThat(Topics.ORDERS.keyOf(events.get(16))).isEqualTo("o-1");
    assertThat(Topics.ORDERS.keyOf(events.get(17))).isEqualTo("o-1");
    assertThat(Topics.BEACONS.keyOf((BeaconSighting) events.get(0))).isEqualTo("c-1");
  }

  @Test
  void outputRecordsRoundTrip() {
    StockLevel level = new StockLevel("SKU-1", "berlin-mitte", 5, 1, 0, 4, 4, 4, 4, 9, T);
    assertThat(Topics.STOCK_LEVELS.decode(Topics.STOCK_LEVELS.encode(level))).isEqualTo(level);
    assertThat(level.key()).isEqualTo("SKU-1@berlin-mitte");
  }

  @Test
  void redemptionsAndCampaignReportsRoundTripWithTheirWireNames() {
    Redemption refused =
        new Redemption(
            "redemption-s-2",
            "K7M2Q9XA",
            "offer-v-1",
            "autumn",
            "c-1",
            "berlin-mitte",
            "s-2",
            "rc-2",
            "SKU-1",
            Redemption.Outcome.REFUSED,
            Redemption.Refusal.ALREADY_REDEEMED,
            T,
            null);
    Campaign campaign =
        new Campaign(
            "flash",
            "Flash",
            List.of("shirts"),
            Benefit.percentOff(40),
            T,
            T.plusSeconds(60),
            BigDecimal.TEN,
            "EUR",
            0,
            null,
            null);
    CampaignReport report =
        CampaignReport.of(
            campaign, List.of(new PolicyBreach(PolicyRule.BUDGET, "it has no budget")), T);

    assertThat(new String(Topics.REDEMPTIONS.encode(refused), StandardCharsets.UTF_8))
        .contains("\"outcome\":\"refused\",\"refusal\":\"already-redeemed\"");
    assertThat(Topics.REDEMPTIONS.decode(Topics.REDEMPTIONS.encode(refused))).isEqualTo(refused);
    assertThat(Topics.REDEMPTIONS.keyOf(refused)).isEqualTo("K7M2Q9XA");
    assertThat(new String(Topics.CAMPAIGN_REPORTS.encode(report), StandardCharsets.UTF_8))
        .contains("\"verdict\":\"refused\",\"breaches\":[{\"rule\":\"budget\"");
    assertThat(Topics.CAMPAIGN_REPORTS.decode(Topics.CAMPAIGN_REPORTS.encode(report)))
        .isEqualTo(report);
  }

  @Test
  void aCampaignWithoutBudgetOrParityBandStillReadsSoThePolicyCanRefuseIt() {
    String payload =
        "{\"type\":\"campaign.defined\",\"eventId\":\"e1\",\"occurredAt\":\"2026-11-23T10:15:30Z\","
            + "\"campaign\":{\"campaignId\":\"flash\",\"name\":\"Flash\",\"categories\":[\"shirts\"],"
            + "\"percentOff\":10,\"startsAt\":\"2026-12-01T00:00:00Z\","
            + "\"endsAt\":\"2026-11-01T00:00:00Z\",\"spend\":\"100.00\",\"currency\":\"EUR\","
            + "\"holdoutShare\":0}}";

    Campaign campaign =
        ((CampaignDefined) Json.decodeEvent(payload.getBytes(StandardCharsets.UTF_8))).campaign();

    assertThat(campaign.budget()).isNull();
    assertThat(campaign.parityBandPercent()).isNull();
    assertThat(campaign.allowedUndercutPercent()).isZero();
  }

  @Test
  void storeCreditTotalsRoundTripWithRolesAndMoneyAsTheyAreOnTheWire() {
    StoreCredit credit =
        new StoreCredit(
            "o-1:SKU-1:berlin-mitte:1:pickup",
            T,
            "o-1",
            "c-1",
            "berlin-mitte",
            StoreCredit.Role.PICKUP,
            null,
            "SKU-1",
            2,
            new BigDecimal("119.80"),
            "EUR");
    StoreCreditTotals none = StoreCreditTotals.none("berlin-mitte", "EUR");
    StoreCreditTotals totals =
        new StoreCreditTotals(
            "berlin-mitte",
            List.of(
                new StoreCreditTotals.RoleTotal(
                    StoreCredit.Role.PICKUP, "EUR", new BigDecimal("119.80"), 1, 2)),
            List.of(credit),
            T);

    String json = Json.encodeToString(totals);

    assertThat(json)
        .contains("\"roles\":[{\"role\":\"pickup\",\"currency\":\"EUR\",\"amount\":\"119.80\"");
    assertThat(Json.decode(json, StoreCreditTotals.class)).isEqualTo(totals);
    assertThat(none.roles())
        .extracting(StoreCreditTotals.RoleTotal::role)
        .containsExactly(StoreCredit.Role.values());
    assertThat(Json.encodeToString(none)).doesNotContain("updatedAt").contains("\"recent\":[]");
  }

  @Test
  void writesOutputRecordsFieldByFieldInDeclarationOrder() {
    StockLevel level = new StockLevel("SKU-1", "berlin-mitte", 5, 1, 0, 4, 4, 4, 5, 9, T);

    assertThat(Json.encodeToString(level))
        .isEqualTo(
            "{\"sku\":\"SKU-1\",\"locationId\":\"berlin-mitte\",\"onHand\":5,\"reserved\":1,"
                + "\"safetyStock\":0,\"available\":4,\"availableToShip\":4,"
                + "\"availableToCollect\":4,\"availableInStore\":5,\"version\":9,"
                + "\"updatedAt\":\"2026-11-23T10:15:30Z\"}");
    assertThat(Json.encode(level))
        .isEqualTo(Json.encodeToString(level).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertReason(String payload, String reason) {
    assertThatThrownBy(() -> Json.decodeEvent(payload.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(reason);
  }
}
