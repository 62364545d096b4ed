package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.SHIRT;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.contract.InvalidEventException;
import dev.o2o.gateway.testing.TestConfigs;
import dev.o2o.gateway.testing.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private final EventValidator validator =
      new EventValidator(TestConfigs.load(Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptsEachKindOfStoreEvent() {
    assertThatCode(
            () -> {
              validator.validate(BERLIN, TestEvents.sale("e-1", BERLIN, SHIRT, NOW));
              validator.validate(BERLIN, TestEvents.posReturn("e-2", BERLIN, SHIRT, NOW));
              validator.validate(BERLIN, TestEvents.sighting("e-3", BERLIN, "bm-entrance", NOW));
              validator.validate(BERLIN, TestEvents.doorCount("e-4", BERLIN, NOW));
            })
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsAnEventForAnotherStoreThanTheTopics() {
    assertThatThrownBy(
            () -> validator.validate(BERLIN, TestEvents.sale("e-1", HAMBURG, SHIRT, NOW)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "storeId 'hamburg-jungfernstieg' does not match the topic's store 'berlin-mitte'");
  }

  @Test
  void rejectsAStoreThatIsNotConfigured() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    "paris-marais", TestEvents.doorCount("e-1", "paris-marais", NOW)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("store 'paris-marais' is not configured");
  }

  @Test
  void rejectsASaleOfAnUncataloguedSku() {
    assertThatThrownBy(
            () -> validator.validate(BERLIN, TestEvents.sale("e-1", BERLIN, "SOCKS-RED", NOW)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("sku 'SOCKS-RED' is not in the catalogue");
  }

  @Test
  void rejectsAReturnOfAnUncataloguedSku() {
    assertThatThrownBy(
            () -> validator.validate(BERLIN, TestEvents.posReturn("e-1", BERLIN, "SOCKS-RED", NOW)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("sku 'SOCKS-RED' is not in the catalogue");
  }

  @Test
  void rejectsAnotherStoresBeacon() {
    assertThatThrownBy(
            () ->
                validator.validate(BERLIN, TestEvents.sighting("e-1", BERLIN, "hh-entrance", NOW)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("beacon 'hh-entrance' does not belong to store 'berlin-mitte'");
  }

  @Test
  void rejectsAnEventTooFarInTheFuture() {
    Instant future = NOW.plus(Duration.ofHours(1)).plusSeconds(1);

    assertThatThrownBy(
            () -> validator.validate(BERLIN, TestEvents.doorCount("e-1", BERLIN, future)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("occurredAt 2026-11-23T11:00:01Z is more than PT1H away");
  }

  @Test
  void rejectsAnEventTooFarInThePast() {
    Instant past = NOW.minus(Duration.ofHours(2));

    assertThatThrownBy(() -> validator.validate(BERLIN, TestEvents.doorCount("e-1", BERLIN, past)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("occurredAt 2026-11-23T08:00:00Z is more than PT1H away");
  }

  @Test
  void acceptsAnEventAtTheEdgeOfTheAllowedSkew() {
    Instant edge = NOW.minus(Duration.ofHours(1));

    assertThatCode(() -> validator.validate(BERLIN, TestEvents.doorCount("e-1", BERLIN, edge)))
        .doesNotThrowAnyException();
  }
}
