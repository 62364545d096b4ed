package dev.o2o.bench;

import dev.o2o.config.MqttSettings;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.MqttTopics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Customers' phones for the latency run: many MQTT 3.1.1 connections served by one thread, each
 * logged in as its customer with the customer's app token and subscribed at QoS 1 to the customer's
 * offer topic, as the phone app does. The broker sees the same packets as from any client; the
 * phones only cost the machine less than a full client per phone (with Eclipse Paho, three threads
 * per phone and two thread hand-offs per offer), so that the engine under test, which shares the
 * machine's cores with them, is measured rather than its load.
 *
 * <p>It speaks the part of MQTT a subscriber needs: CONNECT, SUBSCRIBE, PUBLISH received at QoS 0
 * or 1 with its PUBACK, PINGREQ within the keep-alive, DISCONNECT. Plain TCP only: with {@code
 * mqtt.tls} enabled the latency run uses Paho clients instead.
 */
final class LightPhones implements Phones {

  static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

  private static final int SUBSCRIBE_PACKET_ID = 1;

  /** How often a phone the broker dropped before it had subscribed connects again. */
  static final int ATTEMPTS = 3;

  private final Selector selector;
  private final InetSocketAddress broker;
  private final OfferListener listener;
  private final int size;
  private final CountDownLatch subscribed;
  private final AtomicInteger lost = new AtomicInteger();
  private final Thread loop;
  private volatile boolean closing;
  private volatile String failure;
  private final AtomicInteger reconnected = new AtomicInteger();

  private LightPhones(InetSocketAddress broker, List<String> customers, OfferListener listener)
      throws IOException {
    this.selector = Selector.open();
    this.broker = broker;
    this.listener = listener;
    this.size = customers.size();
    this.subscribed = new CountDownLatch(size);
    this.loop = new Thread(this::run, "bench-phones");
    this.loop.setDaemon(true);
  }

  /**
   * Connects a phone per customer and returns once every one is subscribed.
   *
   * @throws IOException when the broker refuses a phone, or not all are subscribed within {@code
   *     timeout}
   */
  static LightPhones subscribe(
      MqttSettings mqtt, List<String> customers, OfferListener listener, Duration timeout)
      throws IOException, InterruptedException {
    URI server = URI.create(mqtt.serverUri());
    if (!"tcp".equals(server.getScheme())) {
      throw new IllegalArgumentException(
          "light phones speak plain MQTT only, not " + mqtt.serverUri());
    }
    LightPhones phones =
        new LightPhones(
            new InetSocketAddress(server.getHost(), server.getPort()), customers, listener);
    for (String customer : customers) {
      phones.open(new Phone(customer, AppTokens.issue(mqtt.customerTokenSecret(), customer)));
    }
    phones.loop.start();
    boolean all = phones.subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (phones.failure != null || !all) {
      phones.close();
      throw new IOException(
          phones.failure != null
              ? phones.failure
              : (customers.size() - phones.subscribed.getCount())
                  + " of "
                  + customers.size()
                  + " phones subscribed within "
                  + timeout);
    }
    return phones;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int lost() {
    return lost.get();
  }

  @Override
  public int reconnected() {
    return reconnected.get();
  }

  /** Opens the phone's connection; its login goes out once TCP is connected. */
  private void open(Phone phone) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    phone.channel = channel;
    phone.in.clear();
    phone.out.clear();
    phone.queue(
        MqttPackets.connect(
            "bench-phone-" + phone.customer, phone.customer, phone.token, KEEP_ALIVE));
    phone.attempts++;
    channel.connect(broker);
    channel.register(selector, SelectionKey.OP_CONNECT, phone);
  }

  private void run() {
    long pingEvery = KEEP_ALIVE.toNanos() / 2;
    long nextPing = System.nanoTime() + pingEvery;
    try {
      while (!closing) {
        selector.select(1_000);
        for (SelectionKey key : selector.selectedKeys()) {
          Phone phone = (Phone) key.attachment();
          try {
            serve(key, phone);
          } catch (IOException | RuntimeException e) {
            drop(key, phone, e.getMessage(), e instanceof RefusedException);
          }
        }
        selector.selectedKeys().clear();
        if (System.nanoTime() >= nextPing) {
          nextPing = System.nanoTime() + pingEvery;
          for (SelectionKey key : selector.keys()) {
            Phone phone = (Phone) key.attachment();
            if (phone.ready) {
              phone.queue(MqttPackets.pingreq());
              try {
                flush(key, phone);
              } catch (IOException | RuntimeException e) {
                drop(key, phone, e.getMessage(), e instanceof RefusedException);
              }
            }
          }
        }
      }
      for (SelectionKey key : selector.keys()) {
        Phone phone = (Phone) key.attachment();
        try {
          phone.queue(MqttPackets.disconnect());
          flush(key, phone);
        } catch (IOException | RuntimeException e) {
          // Closing anyway.
        }
        key.channel().close();
      }
      selector.close();
    } catch (IOException e) {
      failure = "the phones' selector failed: " + e;
    }
  }

  private void serve(SelectionKey key, Phone phone) throws IOException {
    if (key.isConnectable()) {
      if (!phone.channel.finishConnect()) {
        return;
      }
      key.interestOps(SelectionKey.OP_READ);
      flush(key, phone);
      return;
    }
    if (key.isWritable()) {
      flush(key, phone);
    }
    if (key.isReadable()) {
      long received = System.nanoTime();
      ByteBuffer in = phone.in;
      if (phone.channel.read(in) < 0) {
        throw new IOException("the broker closed the connection");
      }
      in.flip();
      while (readPacket(phone, in, received)) {
        // One packet per turn.
      }
      in.compact();
      if (!in.hasRemaining()) {
        ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        larger.put(in);
        phone.in = larger;
      }
      flush(key, phone);
    }
  }

  /** Handles one whole packet at the buffer's position; false when the packet is not all there. */
  private boolean readPacket(Phone phone, ByteBuffer in, long received) throws IOException {
    int start = in.position();
    if (in.remaining() < 2) {
      return false;
    }
    int header = in.get() & 0xFF;
    int length = 0;
    int multiplier = 1;
    int digit;
    do {
      if (!in.hasRemaining()) {
        in.position(start);
        return false;
      }
      digit = in.get() & 0xFF;
      length += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    if (in.remaining() < length) {
      in.position(start);
      return false;
    }
    int end = in.position() + length;
    switch (header & 0xF0) {
      case MqttPackets.CONNACK -> {
        in.get();
        int code = in.get() & 0xFF;
        if (code != 0) {
          throw new RefusedException(
              "the broker refused the phone's login (CONNACK return code " + code + ")");
        }
        // The subscription follows the broker's answer to the login, as a phone app's does.
        phone.queue(MqttPackets.subscribe(SUBSCRIBE_PACKET_ID, MqttTopics.offers(phone.customer)));
      }
      case MqttPackets.SUBACK -> {
        in.getShort();
        int granted = in.get() & 0xFF;
        if (granted == 0x80) {
          throw new RefusedException("the broker refused the subscription to the phone's offers");
        }
        if (!phone.ready) {
          phone.ready = true;
          subscribed.countDown();
        }
      }
      case MqttPackets.PUBLISH -> {
        int topicLength = in.getShort() & 0xFFFF;
        in.position(in.position() + topicLength);
        int qos = (header >> 1) & 0x03;
        int packetId = qos > 0 ? in.getShort() & 0xFFFF : -1;
        byte[] payload = new byte[end - in.position()];
        in.get(payload);
        if (packetId >= 0) {
          phone.queue(MqttPackets.puback(packetId));
        }
        listener.offer(phone.customer, payload, received);
      }
      case MqttPackets.PINGRESP -> {
        // Alive.
      }
      default ->
          throw new IOException(
              "unexpected MQTT packet type " + (header >> 4) + " for a subscribing phone");
    }
    in.position(end);
    return true;
  }

  private static void flush(SelectionKey key, Phone phone) throws IOException {
    while (!phone.out.isEmpty()) {
      ByteBuffer next = phone.out.peek();
      phone.channel.write(next);
      if (next.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      phone.out.poll();
    }
    if (key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /**
   * Closes a phone's connection. One the broker dropped while it subscribed connects again, up to
   * {@link #ATTEMPTS} times, unless the broker refused it.
   */
  private void drop(SelectionKey key, Phone phone, String reason, boolean refused) {
    key.cancel();
    try {
      phone.channel.close();
    } catch (IOException e) {
      // Already closed.
    }
    if (phone.ready) {
      lost.incrementAndGet();
      return;
    }
    if (!refused && phone.attempts < ATTEMPTS && !closing) {
      try {
        open(phone);
        reconnected.incrementAndGet();
        return;
      } catch (IOException e) {
        reason = reason + "; connecting again failed: " + e.getMessage();
      }
    }
    if (failure == null) {
      failure =
          "the phone of "
              + phone.customer
              + " could not subscribe after "
              + phone.attempts
              + " attempt(s): "
              + reason;
      while (subscribed.getCount() > 0) {
        subscribed.countDown();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    selector.wakeup();
    loop.join(10_000);
  }

  /** The broker answered, and said no: connecting again would not help. */
  private static final class RefusedException extends IOException {
    RefusedException(String message) {
      super(message);
    }
  }

  private static final class Phone {
    final String customer;
    final String token;
    final Deque<ByteBuffer> out = new ArrayDeque<>();
    SocketChannel channel;
    ByteBuffer in = ByteBuffer.allocate(4 * 1024);
    boolean ready;
    int attempts;

    Phone(String customer, String token) {
      this.customer = customer;
      this.token = token;
    }

    void queue(byte[] packet) {
      out.add(ByteBuffer.wrap(packet));
    }
  }
}
