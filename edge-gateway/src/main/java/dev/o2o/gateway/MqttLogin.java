package dev.o2o.gateway;

import dev.o2o.config.MqttSettings;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Connect options for a Paho client of the engine's MQTT broker: the client's own login and, when
 * {@code mqtt.tls} is enabled, TLS sockets trusting the configured trust store (the broker's host
 * name is checked against its certificate), else plain sockets that read through a buffer; either
 * kind sends each packet at once, without Nagle's algorithm. The gateway, the simulator and the
 * benchmarks all connect through it.
 */
public final class MqttLogin {
  private MqttLogin() {}

  public static MqttConnectOptions options(MqttSettings mqtt, String username, String password) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(username);
    options.setPassword(password.toCharArray());
    if (mqtt.tls().enabled()) {
      options.setSocketFactory(new NoDelaySslSocketFactory(mqtt.tls().socketFactory()));
      options.setHttpsHostnameVerificationEnabled(true);
    } else {
      options.setSocketFactory(BufferedSocketFactory.INSTANCE);
    }
    return options;
  }
}
