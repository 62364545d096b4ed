package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollInstantsTest {
  private final PollInstants polls = new PollInstants(5);

  @Test
  void aPollGoesToTheNextMultipleOfThePeriod() {
    assertThat(polls.next(1)).isEqualTo(5);
    assertThat(polls.next(5)).isEqualTo(5);
  }

  @Test
  void pollsAskedForBeforeALateInstantFiresShareIt() {
    assertThat(polls.next(1)).isEqualTo(5);

    // The clock passed 5 and 10, but the timers of 5 have not fired yet: no second instant.
    assertThat(polls.next(12)).isEqualTo(5);
  }

  @Test
  void onceTheInstantFiresTheNextPollIsAfterNow() {
    polls.next(1);
    polls.firing(5);

    // Polls asked for while 5 fires (late, at 23) must not join it, or they would fire again at
    // once in the same firing.
    assertThat(polls.next(23)).isEqualTo(25);
    assertThat(polls.next(24)).isEqualTo(25);
  }

  @Test
  void anOlderInstantFiringLaterDoesNotMoveTheNextPollBack() {
    polls.next(1);
    polls.firing(5);
    assertThat(polls.next(7)).isEqualTo(10);

    polls.firing(3);

    assertThat(polls.next(8)).isEqualTo(10);
  }
}
