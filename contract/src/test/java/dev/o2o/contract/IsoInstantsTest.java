package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
  @Test
  void readsEveryPlainUtcTimeAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(7);
    long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), nanos(random));
      String text = instant.toString();
      assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(instant);
      assertThat(IsoInstants.format(instant)).isEqualTo(text);
    }
  }

  @Test
  void writesYearsBeyondFourDigitsAsTheJdkDoes() {
    for (String text :
        new String[] {
          "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999Z", "0000-03-01T00:00:00Z"
        }) {
      Instant instant = Instant.parse(text);
      assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
    }
    assertThat(IsoInstants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    assertThat(IsoInstants.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
  }

  @Test
  void readsFractionsOfAnyLengthAndLeapDays() {
    for (String text :
        new String[] {
          "2026-11-23T16:25:52.1Z",
          "2026-11-23T16:25:52.12Z",
          "2026-11-23T16:25:52.1234Z",
          "2026-11-23T16:25:52.123456789Z",
          "2024-02-29T00:00:00Z",
          "2000-02-29T23:59:59.999Z",
          "1969-12-31T23:59:59.5Z",
          "1970-01-01T00:00:00Z"
        }) {
      assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void leavesOtherFormsToTheJdk() {
    for (String text :
        new String[] {
          "2026-11-23T16:25:52+01:00",
          "2026-11-23T23:59:60Z",
          "+12026-11-23T16:25:52Z",
          "2026-11-23T16:25:52.Z",
          "2026-11-23T16:25:52.1234567890Z",
          "2023-02-29T00:00:00Z",
          "1900-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-04-31T00:00:00Z",
          "2026-11-23T24:00:00Z",
          "2026-11-23 16:25:52Z",
          "2026-11-2316:25:52Z",
          "2026-11-23T16:25:52",
          "2026-1a-23T16:25:52Z",
          "yesterday"
        }) {
      assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
    }
    assertThat(IsoInstants.parse("2026-11-23T16:25:52+01:00"))
        .isEqualTo(Instant.parse("2026-11-23T15:25:52Z"));
    assertThatThrownBy(() -> IsoInstants.parse("2023-02-29T00:00:00Z"))
        .isInstanceOf(DateTimeParseException.class);
  }

  private static int nanos(SplittableRandom random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1000;
      default -> random.nextInt(1_000_000_000);
    };
  }
}
