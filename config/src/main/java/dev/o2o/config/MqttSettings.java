package dev.o2o.config;

import java.io.Serializable;

/**
 * Where the MQTT broker is, the edge gateway's own login, the secret the online shop signs
 * customers' app tokens with, and how many QoS 1 messages the embedded broker keeps unacknowledged
 * per subscriber ({@code inflightWindow}).
 */
public record MqttSettings(
    String host,
    int port,
    String gatewayUsername,
    String gatewayPassword,
    String customerTokenSecret,
    String gatewayClientId,
    MqttTls tls,
    int inflightWindow)
    implements Serializable {

  /** The address clients connect to: {@code ssl://host:port} with TLS, else {@code tcp://}. */
  public String serverUri() {
    return (tls.enabled() ? "ssl://" : "tcp://") + host + ":" + port;
  }

  @Override
  public String toString() {
    return "MqttSettings[" + serverUri() + " as " + gatewayUsername + ", " + tls + "]";
  }
}
