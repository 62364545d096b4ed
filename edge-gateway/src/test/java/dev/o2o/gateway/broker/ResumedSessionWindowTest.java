package dev.o2o.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResumedSessionWindowTest {
  @Test
  void ordersPacketIdsAsTheConnectionUsedThemAcrossTheWrapAfter65535() {
    assertThat(ResumedSessionWindow.sentOrder(List.of(246, 244, 245)))
        .containsExactly(244, 245, 246);
    assertThat(ResumedSessionWindow.sentOrder(List.of(2, 65534, 1, 65535)))
        .containsExactly(65534, 65535, 1, 2);
    assertThat(ResumedSessionWindow.sentOrder(List.of())).isEmpty();
  }
}
