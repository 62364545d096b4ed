package dev.o2o.gateway.broker;

import dev.o2o.config.EngineConfig;
import io.moquette.broker.Server;
import io.moquette.broker.config.FluentConfig;
import io.moquette.broker.config.IConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's MQTT broker (Moquette, MQTT 3.1.1), embedded in the calling JVM. Store gateways, the
 * edge gateway and customers' phones log in with their own credentials and reach only their own
 * topics (see {@link BrokerAccess}); anonymous clients are refused. Sessions, subscriptions and
 * queued QoS 1 messages are kept on disk under the data directory, so a persistent session keeps
 * its messages across a broker restart. Queued messages live in Moquette's segmented queue files
 * rather than its H2 store: under a few thousand messages per second the H2 queue failed ({@code
 * MVStoreException ... IndexOutOfBoundsException}) and closed, and the broker stopped delivering.
 */
public final class MqttBroker implements AutoCloseable {
  /**
   * Commands (a received publish, its routing to a subscriber) waiting for a session's thread. The
   * broker drops a publish that finds this queue full and never acknowledges it, which stalls the
   * publisher until it reconnects; the default of 1,024 overflowed at a few hundred publishes in
   * flight. It must exceed what the store gateways can have in flight together.
   */
  static final int SESSION_COMMAND_QUEUE = 32_768;

  /**
   * The largest message the broker takes; a larger one closes the publisher's connection. It is
   * well above what an event may have, so that an oversize body reaches the gateway and becomes a
   * dead letter with its reason instead of a dropped connection.
   */
  static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

  private final Server server;
  private final String host;
  private final int port;

  private MqttBroker(Server server, String host, int port) {
    this.server = server;
    this.host = host;
    this.port = port;
  }

  /** Starts the broker on {@code mqtt.host}/{@code mqtt.port}, keeping its state in dataDir. */
  public static MqttBroker start(EngineConfig config, Path dataDir) {
    IConfig brokerConfig;
    try {
      Files.createDirectories(dataDir);
      brokerConfig =
          new FluentConfig()
              .host(config.mqtt().host())
              .port(config.mqtt().port())
              .dataPath(dataDir)
              .enablePersistence()
              .persistentQueueType(FluentConfig.PersistentQueueType.SEGMENTED)
              .bufferFlushMillis(FluentConfig.BufferFlushKind.IMMEDIATE)
              .sessionQueueSize(SESSION_COMMAND_QUEUE)
              .disallowAnonymous()
              .disableTelemetry()
              .build();
      brokerConfig.setProperty(
          IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(MAX_MESSAGE_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the MQTT data directory " + dataDir, e);
    }
    BrokerAccess access = BrokerAccess.of(config);
    Server server = new Server();
    try {
      server.startServer(brokerConfig, List.of(), null, access, access);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the MQTT broker on " + config.mqtt().host() + ":" + config.mqtt().port(),
          e);
    }
    LOG.info(
        "MQTT broker listening on {}:{}, data in {}",
        config.mqtt().host(),
        config.mqtt().port(),
        dataDir);
    return new MqttBroker(server, config.mqtt().host(), config.mqtt().port());
  }

  public int port() {
    return port;
  }

  /** The address clients connect to, {@code tcp://host:port}. */
  public String serverUri() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
