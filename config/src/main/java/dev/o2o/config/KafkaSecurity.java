package dev.o2o.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the engine's Kafka clients reach the brokers: in the clear (the default), over TLS, with a
 * SASL login, or both. {@link #clientProperties()} is the one place these settings become Kafka
 * client properties; every producer, consumer, admin client and Flink connector the engine makes
 * takes them from there. The embedded broker listens with the same protocol and accepts the
 * configured login, so the embedded default can be run secured as well.
 *
 * @param saslMechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}; null unless
 *     the protocol uses SASL
 * @param trustStore what the clients trust (SSL, SASL_SSL); null for the JVM's default
 * @param keyStore a client certificate, for brokers that ask for one; null for none
 * @param brokerKeyStore the embedded broker's own key and certificate (SSL, SASL_SSL)
 */
public record KafkaSecurity(
    Protocol protocol,
    String saslMechanism,
    String username,
    String password,
    String trustStore,
    String trustStorePassword,
    String keyStore,
    String keyStorePassword,
    String brokerKeyStore,
    String brokerKeyStorePassword)
    implements Serializable {

  /** Kafka's {@code security.protocol}: whether the connection is encrypted and authenticated. */
  public enum Protocol {
    PLAINTEXT(false, false),
    SSL(true, false),
    SASL_PLAINTEXT(false, true),
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    Protocol(boolean tls, boolean sasl) {
      this.tls = tls;
      this.sasl = sasl;
    }

    public boolean tls() {
      return tls;
    }

    public boolean sasl() {
      return sasl;
    }
  }

  /** No encryption, no login: what the embedded default uses on loopback. */
  public static final KafkaSecurity NONE =
      new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null, null, null, null, null, null);

  /** The Kafka client properties for this protocol, login and stores (none for PLAINTEXT). */
  public Map<String, String> clientProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    if (protocol == Protocol.PLAINTEXT) {
      return properties;
    }
    properties.put("security.protocol", protocol.name());
    if (protocol.sasl()) {
      properties.put("sasl.mechanism", saslMechanism);
      properties.put("sasl.jaas.config", jaasLogin(saslMechanism, username, password));
    }
    if (protocol.tls()) {
      if (trustStore != null) {
        properties.put("ssl.truststore.location", trustStore);
        properties.put("ssl.truststore.password", trustStorePassword);
        properties.put("ssl.truststore.type", TlsStores.type(trustStore));
      }
      if (keyStore != null) {
        properties.put("ssl.keystore.location", keyStore);
        properties.put("ssl.keystore.password", keyStorePassword);
        properties.put("ssl.keystore.type", TlsStores.type(keyStore));
        properties.put("ssl.key.password", keyStorePassword);
      }
    }
    return properties;
  }

  /** A JAAS line logging in as {@code username} with the login module of the mechanism. */
  public static String jaasLogin(String mechanism, String username, String password) {
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module
        + " required username=\""
        + quoted(username)
        + "\" password=\""
        + quoted(password)
        + "\";";
  }

  /** Escapes a value for a double-quoted JAAS option. */
  public static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaSecurity[" + protocol + (saslMechanism == null ? "" : " " + saslMechanism) + "]";
  }
}
