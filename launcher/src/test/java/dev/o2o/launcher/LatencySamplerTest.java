package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySamplerTest {
  @Test
  void measuresAtMostTheLimitPerSecondAndTopic() {
    LatencySampler sampler = new LatencySampler(3);
    int taken = 0;
    for (int i = 0; i < 10; i++) {
      taken += sampler.take("o2o.stock-levels", 100) ? 1 : 0;
    }
    assertThat(taken).isEqualTo(3);
    assertThat(sampler.take("o2o.offers", 100)).as("another topic has its own budget").isTrue();
    assertThat(sampler.take("o2o.stock-levels", 101)).as("a new second").isTrue();
  }
}
