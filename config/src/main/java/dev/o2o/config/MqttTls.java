package dev.o2o.config;

import java.io.Serializable;
import javax.net.ssl.SSLSocketFactory;

/**
 * MQTT over TLS on {@code mqtt.port}: the broker then accepts TLS connections only, and the
 * engine's MQTT clients (the gateway, the simulator) connect with {@code ssl://}.
 *
 * @param keyStore the broker's key and certificate; needed where the engine runs the broker
 * @param trustStore what the engine's MQTT clients trust; null for the JVM's default
 */
public record MqttTls(
    boolean enabled,
    String keyStore,
    String keyStorePassword,
    String trustStore,
    String trustStorePassword)
    implements Serializable {

  public static final MqttTls OFF = new MqttTls(false, null, null, null, null);

  /** Sockets for the engine's MQTT clients, trusting {@code trustStore}. */
  public SSLSocketFactory socketFactory() {
    return TlsStores.clientContext(trustStore, trustStorePassword).getSocketFactory();
  }

  @Override
  public String toString() {
    return "MqttTls[" + (enabled ? "on" : "off") + "]";
  }
}
