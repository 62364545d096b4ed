package dev.o2o.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void picksPortsBelowTheEphemeralRangeThatCanBeBound() throws Exception {
    int ephemeralStart = FreePorts.ephemeralStart();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.pick();
      assertThat(port).isBetween(15_000, ephemeralStart - 1);
      try (ServerSocket socket = new ServerSocket(port)) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aPortSomeoneListensOnIsNotFree() throws Exception {
    try (ServerSocket taken = new ServerSocket(FreePorts.pick())) {
      assertThat(FreePorts.isFree(taken.getLocalPort())).isFalse();
    }
  }
}
