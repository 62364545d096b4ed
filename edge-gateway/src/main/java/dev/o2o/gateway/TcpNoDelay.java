package dev.o2o.gateway;

import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;

/** Turns Nagle's algorithm off on the MQTT clients' sockets ({@link BufferedSocketFactory}). */
final class TcpNoDelay {
  private TcpNoDelay() {}

  static <S extends Socket> S set(S socket) {
    try {
      socket.setTcpNoDelay(true);
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot turn Nagle's algorithm off on an MQTT socket", e);
    }
    return socket;
  }
}
