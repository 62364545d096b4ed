package dev.o2o.config;

import java.io.Serializable;

/**
 * Where the MQTT broker is, the edge gateway's own login, and the secret the online shop signs
 * customers' app tokens with.
 */
public record MqttSettings(
    String host,
    int port,
    String gatewayUsername,
    String gatewayPassword,
    String customerTokenSecret,
    String gatewayClientId)
    implements Serializable {

  public String serverUri() {
    return "tcp://" + host + ":" + port;
  }
}
