package dev.o2o.bench;

import dev.o2o.config.MqttSettings;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store's beacon gateway for the bench's runs: one MQTT 3.1.1 connection with the store's login,
 * publishing at QoS 1 from the caller's thread, straight to the socket, while one thread reads the
 * broker's acknowledgements. At most a given number of messages wait for theirs. It sends what a
 * store gateway sends; it only costs the machine, which the engine under test shares, less than a
 * full client. Plain TCP only: over TLS the bench uses Eclipse Paho clients.
 */
final class LightPublisher implements StorePublisher {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
  private static final int LARGEST_PACKET_ID = 65_535;

  private final SocketChannel channel;
  private final String clientId;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final Thread reader;
  private final Thread pinger;
  private int nextPacketId = 1;
  private long lastSentNanos = System.nanoTime();
  private volatile boolean closing;
  private volatile String failure;

  private LightPublisher(SocketChannel channel, String clientId, int maxInFlight) {
    this.channel = channel;
    this.clientId = clientId;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.reader = new Thread(this::readAcknowledgements, "bench-publisher-acks-" + clientId);
    this.reader.setDaemon(true);
    this.pinger = new Thread(this::keepAlive, "bench-publisher-ping-" + clientId);
    this.pinger.setDaemon(true);
  }

  /**
   * Connects and logs in; returns once the broker accepted the login.
   *
   * @param maxInFlight how many messages may wait for the broker's acknowledgement
   * @throws IOException when the broker refuses the login or does not answer
   */
  static LightPublisher connect(
      MqttSettings mqtt, String clientId, String username, String password, int maxInFlight)
      throws IOException {
    URI server = URI.create(mqtt.serverUri());
    if (!"tcp".equals(server.getScheme())) {
      throw new IllegalArgumentException(
          "a light publisher speaks plain MQTT only, not " + mqtt.serverUri());
    }
    SocketChannel channel =
        SocketChannel.open(new InetSocketAddress(server.getHost(), server.getPort()));
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      writeFully(channel, MqttPackets.connect(clientId, username, password, KEEP_ALIVE));
      DataInputStream in = new DataInputStream(channel.socket().getInputStream());
      int header = in.readUnsignedByte();
      int length = in.readUnsignedByte();
      if (header != MqttPackets.CONNACK || length != 2) {
        throw new IOException(clientId + ": the broker answered the login with packet " + header);
      }
      in.readUnsignedByte();
      int code = in.readUnsignedByte();
      if (code != 0) {
        throw new IOException(
            clientId + ": the broker refused the login (CONNACK return code " + code + ")");
      }
      // From here on the reader waits as long as the run is quiet.
      channel.socket().setSoTimeout(0);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    LightPublisher publisher = new LightPublisher(channel, clientId, maxInFlight);
    publisher.reader.start();
    publisher.pinger.start();
    return publisher;
  }

  /** Publishes at QoS 1; waits only while the window's messages are all unacknowledged. */
  @Override
  public void publish(String topic, byte[] payload) throws IOException, InterruptedException {
    while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
      throwIfFailed();
    }
    throwIfFailed();
    synchronized (this) {
      byte[] packet = MqttPackets.publish(nextPacketId, topic, payload);
      nextPacketId = nextPacketId == LARGEST_PACKET_ID ? 1 : nextPacketId + 1;
      send(packet);
    }
  }

  @Override
  public void awaitAcknowledged(Duration timeout) throws IOException, InterruptedException {
    StorePublisher.awaitEmpty(inFlight, maxInFlight, timeout, clientId, this::throwIfFailed);
  }

  /** Messages the broker has acknowledged so far. */
  int acknowledged() {
    return acknowledged.get();
  }

  private synchronized void send(byte[] packet) throws IOException {
    writeFully(channel, packet);
    lastSentNanos = System.nanoTime();
  }

  private static void writeFully(SocketChannel channel, byte[] packet) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(packet);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private void readAcknowledgements() {
    try {
      DataInputStream packets =
          new DataInputStream(new BufferedInputStream(channel.socket().getInputStream(), 16_384));
      while (true) {
        int header = packets.readUnsignedByte();
        int length = packets.readUnsignedByte();
        if (header == MqttPackets.PUBACK && length == 2) {
          packets.readUnsignedShort();
          acknowledged.incrementAndGet();
          inFlight.release();
        } else if (header == MqttPackets.PINGRESP && length == 0) {
          // Alive.
        } else {
          throw new IOException("unexpected MQTT packet " + header + " for a publisher");
        }
      }
    } catch (IOException e) {
      if (!closing) {
        failure =
            clientId
                + ": the connection to the broker ended ("
                + (e instanceof EOFException ? "closed by the broker" : e.getMessage())
                + ")";
      }
    }
  }

  private void keepAlive() {
    long every = KEEP_ALIVE.toNanos() / 2;
    try {
      while (!closing) {
        Thread.sleep(1_000);
        synchronized (this) {
          if (System.nanoTime() - lastSentNanos >= every) {
            send(MqttPackets.pingreq());
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // The reader reports a lost connection.
    }
  }

  private void throwIfFailed() throws IOException {
    if (failure != null) {
      throw new IOException(failure);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    closing = true;
    try {
      send(MqttPackets.disconnect());
    } catch (IOException e) {
      // Closing anyway.
    } finally {
      channel.close();
      pinger.interrupt();
      reader.join(2_000);
      pinger.join(2_000);
    }
  }
}
