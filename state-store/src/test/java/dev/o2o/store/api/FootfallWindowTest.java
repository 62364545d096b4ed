package dev.o2o.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FootfallWindowTest {
  @Test
  void endsWithTheCurrentMinuteAndCoversWholeMinutesBackwards() {
    FootfallWindow window = FootfallWindow.endingAt(Instant.parse("2026-11-20T10:15:42.123Z"), 3);

    assertThat(window.minuteStarts())
        .containsExactly(
            Instant.parse("2026-11-20T10:13:00Z"),
            Instant.parse("2026-11-20T10:14:00Z"),
            Instant.parse("2026-11-20T10:15:00Z"));
    assertThat(window.first()).isEqualTo(Instant.parse("2026-11-20T10:13:00Z"));
    assertThat(window.last()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
  }

  @Test
  void keysMatchTheFootfallRecordKeys() {
    FootfallWindow window = FootfallWindow.endingAt(Instant.parse("2026-11-20T00:00:30Z"), 2);

    assertThat(window.keys("berlin-mitte"))
        .containsExactly("berlin-mitte@2026-11-19T23:59:00Z", "berlin-mitte@2026-11-20T00:00:00Z");
  }

  @Test
  void oneMinuteIsJustTheCurrentOne() {
    assertThat(FootfallWindow.endingAt(Instant.parse("2026-11-20T10:00:00Z"), 1).minuteStarts())
        .containsExactly(Instant.parse("2026-11-20T10:00:00Z"));
  }

  @Test
  void rejectsEmptyAndOverlongWindows() {
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    assertThatThrownBy(() -> FootfallWindow.endingAt(now, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minutes");
    assertThatThrownBy(() -> FootfallWindow.endingAt(now, FootfallWindow.MAX_MINUTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
