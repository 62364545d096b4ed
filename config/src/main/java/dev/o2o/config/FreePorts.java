package dev.o2o.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports for the brokers and servers the engine starts on this machine (the embedded default,
 * the local cluster, the bench and the tests) when the config leaves them to it.
 *
 * <p>A port is picked below the kernel's range of ephemeral ports, the ones it hands to outgoing
 * connections. A port the kernel offered as free ({@code new ServerSocket(0)}) lies inside that
 * range, and between picking it and a child process binding it seconds later, any outgoing
 * connection on the machine may take it as its own source port: a Geode locator then failed to
 * start with "Address already in use". Below the range, only another listener can take it.
 */
public final class FreePorts {
  /** Linux's setting of the ephemeral range. */
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** Where the ephemeral range starts when the kernel does not say: IANA's 49152, or lower. */
  private static final int DEFAULT_EPHEMERAL_START = 32_768;

  /** The lowest port picked: well above the ports of common services. */
  private static final int LOWEST = 15_000;

  private static final int ATTEMPTS = 200;

  private FreePorts() {}

  /** A port nobody listens on right now, outside the ephemeral range where there is room. */
  public static int pick() throws IOException {
    int end = ephemeralStart();
    if (end - LOWEST >= 1_000) {
      for (int i = 0; i < ATTEMPTS; i++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
        if (isFree(port)) {
          return port;
        }
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first ephemeral port, from the kernel's setting where it has one. */
  static int ephemeralStart() {
    try {
      // Read as lines: Files.readString trusts the size a /proc file reports and returns a part.
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException unknown) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
