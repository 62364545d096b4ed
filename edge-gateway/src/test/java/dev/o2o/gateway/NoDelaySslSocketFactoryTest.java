package dev.o2o.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySslSocketFactoryTest {
  private final NoDelaySslSocketFactory factory =
      new NoDelaySslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());

  @Test
  void createsTlsSocketsThatSendEachPacketAtOnce() throws Exception {
    try (Socket socket = factory.createSocket()) {
      assertThat(socket).isInstanceOf(SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void layersTlsOverAConnectedSocketWithoutNagle() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket tls = factory.createSocket(plain, "localhost", server.getLocalPort(), true)) {
      assertThat(tls).isInstanceOf(SSLSocket.class);
      assertThat(tls.getTcpNoDelay()).isTrue();
    }
  }
}
