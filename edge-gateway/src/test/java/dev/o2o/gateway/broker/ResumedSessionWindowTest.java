package dev.o2o.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moquette.broker.Server;
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

  @Test
  void refusesABrokerWhoseSessionItCannotReach() {
    // A server never started has no sessions: what the guard needs is not there to find.
    assertThatThrownBy(() -> ResumedSessionWindow.attach(new Server(), 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the MQTT broker is not the Moquette 0.17");
  }
}
