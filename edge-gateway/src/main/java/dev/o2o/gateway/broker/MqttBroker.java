package dev.o2o.gateway.broker;

import dev.o2o.config.ConfigException;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.MqttTls;
import dev.o2o.config.TlsStores;
import io.moquette.BrokerConstants;
import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.Server;
import io.moquette.broker.config.FluentConfig;
import io.moquette.broker.config.IConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's MQTT broker (Moquette, MQTT 3.1.1), embedded in the calling JVM. Store gateways, the
 * edge gateway and customers' phones log in with their own credentials and reach only their own
 * topics (see {@link BrokerAccess}); anonymous clients are refused. With {@code mqtt.tls} enabled
 * the port speaks TLS only. Sessions, subscriptions and queued QoS 1 messages are kept on disk
 * under the data directory, so a persistent session keeps its messages across a broker restart.
 * Queued messages live in Moquette's segmented queue files rather than its H2 store: under a few
 * thousand messages per second the H2 queue failed ({@code MVStoreException ...
 * IndexOutOfBoundsException}) and closed, and the broker stopped delivering.
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
  private final String serverUri;
  private final int port;

  private MqttBroker(Server server, String serverUri, int port) {
    this.server = server;
    this.serverUri = serverUri;
    this.port = port;
  }

  /** Starts the broker on {@code mqtt.host}/{@code mqtt.port}, keeping its state in dataDir. */
  public static MqttBroker start(EngineConfig config, Path dataDir) {
    MqttTls tls = config.mqtt().tls();
    ISslContextCreator sslContext = tls.enabled() ? serverContext(config) : null;
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
      if (tls.enabled()) {
        // The port speaks TLS only: no listener takes plain MQTT.
        brokerConfig.setProperty(
            BrokerConstants.PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        brokerConfig.setProperty(
            BrokerConstants.SSL_PORT_PROPERTY_NAME, String.valueOf(config.mqtt().port()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the MQTT data directory " + dataDir, e);
    }
    BrokerAccess access = BrokerAccess.of(config);
    Server server = new Server();
    try {
      server.startServer(brokerConfig, List.of(), sslContext, access, access);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the MQTT broker on " + config.mqtt().host() + ":" + config.mqtt().port(),
          e);
    }
    ResumedSessionWindow window;
    try {
      window = ResumedSessionWindow.attach(server, config.mqtt().inflightWindow());
    } catch (IllegalStateException e) {
      server.stopServer();
      throw e;
    }
    server.addInterceptHandler(window);
    access.onLogin(window::loggingIn);
    LOG.info("MQTT broker listening at {}, data in {}", config.mqtt().serverUri(), dataDir);
    return new MqttBroker(server, config.mqtt().serverUri(), config.mqtt().port());
  }

  /** The broker's TLS context, from its key store; checked before the broker starts. */
  private static ISslContextCreator serverContext(EngineConfig config) {
    MqttTls tls = config.mqtt().tls();
    if (tls.keyStore() == null) {
      throw new ConfigException(
          config.source(),
          "mqtt.tls.keyStore",
          "is required for the MQTT broker to listen with TLS");
    }
    SslContext context;
    try {
      context =
          SslContextBuilder.forServer(TlsStores.keyManagers(tls.keyStore(), tls.keyStorePassword()))
              .sslProvider(SslProvider.JDK)
              .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          config.source(),
          "mqtt.tls.keyStore",
          "expected a key store the MQTT broker can serve TLS with (" + e.getMessage() + ")");
    }
    return () -> context;
  }

  public int port() {
    return port;
  }

  /** The address clients connect to, {@code ssl://host:port} with TLS, else {@code tcp://}. */
  public String serverUri() {
    return serverUri;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
