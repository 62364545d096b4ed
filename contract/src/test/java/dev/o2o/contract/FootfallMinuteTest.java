package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FootfallMinuteTest {
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:15:00Z");

  @Test
  void decodesARecordWrittenBeforeTheNewFiguresWithThemZero() {
    FootfallMinute old =
        Json.decode(
            "{\"storeId\":\"berlin-mitte\",\"minute\":\"2026-11-23T10:15:00Z\","
                + "\"doorEntries\":7,\"visits\":3}",
            FootfallMinute.class);

    assertThat(old).isEqualTo(new FootfallMinute("berlin-mitte", MINUTE, 7, 3));
    assertThat(old.offersSent()).isZero();
  }

  @Test
  void roundTripsEveryFigure() {
    FootfallMinute minute =
        FootfallMinute.door("berlin-mitte", MINUTE, 4, 2)
            .plus(FootfallMinute.visitBegun("berlin-mitte", MINUTE, true))
            .plus(FootfallMinute.visitClosed("berlin-mitte", MINUTE, Duration.ofMinutes(20), true))
            .plus(FootfallMinute.offerSent("berlin-mitte", MINUTE))
            .plus(FootfallMinute.offerRedeemed("berlin-mitte", MINUTE));

    assertThat(Json.decode(Json.encodeToString(minute), FootfallMinute.class)).isEqualTo(minute);
  }

  @Test
  void putsAClosedVisitInTheBucketOfItsWholeMinutes() {
    assertThat(closed(Duration.ofSeconds(299)).dwellUnder5Min()).isOne();
    assertThat(closed(Duration.ofMinutes(5)).dwell5To15Min()).isOne();
    assertThat(closed(Duration.ofMinutes(15)).dwell15To30Min()).isOne();
    assertThat(closed(Duration.ofMinutes(59)).dwell30To60Min()).isOne();
    assertThat(closed(Duration.ofMinutes(60)).dwellOver60Min()).isOne();
    assertThat(closed(Duration.ofMinutes(60)))
        .extracting(FootfallMinute::closedVisits, FootfallMinute::convertedVisits)
        .containsExactly(1L, 0L);
  }

  @Test
  void movesAVisitFromNewToReturningWhenAnEarlierVisitTurnsUp() {
    FootfallMinute minute =
        FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)
            .plus(FootfallMinute.visitorReturned("berlin-mitte", MINUTE));

    assertThat(minute)
        .extracting(
            FootfallMinute::visits, FootfallMinute::newVisitors, FootfallMinute::returningVisitors)
        .containsExactly(1L, 0L, 1L);
  }

  private static FootfallMinute closed(Duration dwell) {
    return FootfallMinute.visitClosed("berlin-mitte", MINUTE, dwell, false);
  }
}
