package dev.o2o.launcher;

import dev.o2o.config.KafkaSecurity;
import dev.o2o.config.TlsStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft mode inside this JVM, acting as its own controller. Its log
 * directory lives under the engine's data directory and is formatted only once, so a restart
 * continues with the topics and offsets it had.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";
  private static final String PLAIN = "PLAIN";

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker listening on {@code host:port} with its controller on {@code controllerPort}.
   */
  public static EmbeddedKafka start(Path logDir, String host, int port, int controllerPort)
      throws Exception {
    return start(logDir, host, port, controllerPort, KafkaSecurity.NONE);
  }

  /**
   * Starts a broker listening on {@code host:port} with the protocol the engine's clients are
   * configured for: with SASL it accepts only the configured login (mechanism PLAIN), with TLS it
   * presents {@code brokerKeyStore}. With SASL the controller listener, on {@code controllerPort},
   * takes the same login, so no port of the broker is open without it; otherwise it is in the
   * clear, on {@code host}.
   */
  public static EmbeddedKafka start(
      Path logDir, String host, int port, int controllerPort, KafkaSecurity security)
      throws Exception {
    Files.createDirectories(logDir);
    String listener = security.protocol().name();
    String controllerProtocol = security.protocol().sasl() ? "SASL_PLAINTEXT" : "PLAINTEXT";
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    props.put(
        "listeners",
        listener
            + "://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER
            + "://"
            + host
            + ":"
            + controllerPort);
    props.put("advertised.listeners", listener + "://" + host + ":" + port);
    props.put("controller.listener.names", CONTROLLER);
    props.put(
        "listener.security.protocol.map",
        listener + ":" + listener + "," + CONTROLLER + ":" + controllerProtocol);
    props.put("inter.broker.listener.name", listener);
    if (security.protocol().sasl()) {
      if (!security.saslMechanism().equals(PLAIN)) {
        throw new IllegalArgumentException(
            "the embedded Kafka broker takes SASL mechanism PLAIN only, not "
                + security.saslMechanism()
                + " (SCRAM users are created in a cluster's metadata, with kafka-configs.sh)");
      }
      // The broker logs in to itself (inter-broker, controller) as the engine's user.
      String jaas =
          "org.apache.kafka.common.security.plain.PlainLoginModule required"
              + " username=\""
              + KafkaSecurity.quoted(security.username())
              + "\" password=\""
              + KafkaSecurity.quoted(security.password())
              + "\" user_"
              + security.username()
              + "=\""
              + KafkaSecurity.quoted(security.password())
              + "\";";
      props.put("sasl.enabled.mechanisms", PLAIN);
      props.put("sasl.mechanism.inter.broker.protocol", PLAIN);
      props.put("sasl.mechanism.controller.protocol", PLAIN);
      for (String name : List.of(listener, CONTROLLER)) {
        props.put(
            "listener.name." + name.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config", jaas);
      }
    }
    if (security.protocol().tls()) {
      if (security.brokerKeyStore() == null) {
        throw new IllegalArgumentException(
            "the embedded Kafka broker needs kafka.security.brokerKeyStore for "
                + security.protocol());
      }
      props.put("ssl.keystore.location", security.brokerKeyStore());
      props.put("ssl.keystore.password", security.brokerKeyStorePassword());
      props.put("ssl.key.password", security.brokerKeyStorePassword());
      props.put("ssl.keystore.type", TlsStores.type(security.brokerKeyStore()));
      if (security.trustStore() != null) {
        props.put("ssl.truststore.location", security.trustStore());
        props.put("ssl.truststore.password", security.trustStorePassword());
        props.put("ssl.truststore.type", TlsStores.type(security.trustStore()));
      }
    }
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "4");
    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    KafkaConfig config = KafkaConfig.fromProps(props, false);

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      new Formatter()
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(1)
          .setDirectories(List.of(logDir.toString()))
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName(CONTROLLER)
          .setMetadataLogDirectory(logDir.toString())
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, host + ":" + port);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
