package dev.o2o.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BufferedSocketFactoryTest {
  @Test
  void sendsEachPacketWithoutWaitingForTheOneBefore() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket unconnected = BufferedSocketFactory.INSTANCE.createSocket();
        Socket connected =
            BufferedSocketFactory.INSTANCE.createSocket(
                InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertThat(unconnected.getTcpNoDelay()).as("as Paho creates it, before it connects").isTrue();
      assertThat(connected.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void readsWhatThePeerWroteByteByByteAndInBlocks() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client =
            BufferedSocketFactory.INSTANCE.createSocket(
                InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      OutputStream out = peer.getOutputStream();
      out.write(new byte[] {0x30, 3, 'a', 'b', 'c', 0x40, 2, 0, 7});
      out.flush();
      InputStream in = client.getInputStream();
      assertThat(in).isSameAs(client.getInputStream());
      assertThat(in.read()).isEqualTo(0x30);
      assertThat(in.read()).isEqualTo(3);
      assertThat(in.readNBytes(3)).containsExactly('a', 'b', 'c');
      assertThat(in.readNBytes(4)).containsExactly(0x40, 2, 0, 7);
    }
  }

  @Test
  void aReadTimeOutLosesNothingThatComesLater() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = BufferedSocketFactory.INSTANCE.createSocket()) {
      client.connect(server.getLocalSocketAddress());
      try (Socket peer = server.accept()) {
        client.setSoTimeout(50);
        InputStream in = client.getInputStream();
        boolean timedOut = false;
        try {
          in.read();
        } catch (SocketTimeoutException e) {
          timedOut = true;
        }
        assertThat(timedOut).isTrue();
        peer.getOutputStream().write(new byte[] {1, 2});
        assertThat(in.readNBytes(2)).containsExactly(1, 2);
      }
    }
  }
}
