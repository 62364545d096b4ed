package dev.o2o.bench;

import dev.o2o.config.MqttSettings;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.MqttTopics;
import dev.o2o.gateway.MqttLogin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The latency run's customers' phones, each subscribed to its customer's offers. Over plain MQTT
 * they are {@link LightPhones}, all served by one thread; over TLS, one Eclipse Paho client each.
 */
interface Phones extends AutoCloseable {
  /** Receives each offer as it arrives, on the phones' thread. */
  interface OfferListener {
    void offer(String customer, byte[] payload, long receivedNanos);
  }

  /** How long all phones may take to connect and subscribe. */
  Duration SUBSCRIBED_WITHIN = Duration.ofMinutes(5);

  int size();

  /** Phones the broker dropped while they subscribed, which then connected again. */
  int reconnected();

  /** Phones whose connection the broker closed after they had subscribed. */
  int lost();

  @Override
  void close() throws InterruptedException;

  static Phones subscribe(MqttSettings mqtt, List<String> customers, OfferListener onOffer)
      throws Exception {
    if (mqtt.tls().enabled()) {
      return PahoPhones.subscribe(mqtt, customers, onOffer);
    }
    return LightPhones.subscribe(mqtt, customers, onOffer, SUBSCRIBED_WITHIN);
  }

  /** One Paho client per phone, for a broker that speaks TLS. */
  final class PahoPhones implements Phones {
    private static final int ATTEMPTS = 3;

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private int reconnected;

    private PahoPhones() {}

    static PahoPhones subscribe(MqttSettings mqtt, List<String> customers, OfferListener onOffer)
        throws Exception {
      PahoPhones phones = new PahoPhones();
      for (String customer : customers) {
        phones.clients.add(phones.subscribed(mqtt, customer, onOffer));
      }
      return phones;
    }

    /**
     * A customer's phone, connected and subscribed to its offers. Now and then the broker has
     * closed a phone's connection while phones were still subscribing, before any arrival (end of
     * stream); a phone in the field connects again, and so does this one, counted in the run's
     * table.
     */
    private MqttAsyncClient subscribed(MqttSettings mqtt, String customer, OfferListener onOffer)
        throws Exception {
      MqttConnectOptions options =
          MqttLogin.options(mqtt, customer, AppTokens.issue(mqtt.customerTokenSecret(), customer));
      for (int attempt = 1; ; attempt++) {
        MqttAsyncClient phone =
            new MqttAsyncClient(
                mqtt.serverUri(), "bench-phone-" + customer, new MemoryPersistence());
        try {
          phone.connect(options).waitForCompletion(10_000);
          phone
              .subscribe(
                  MqttTopics.offers(customer),
                  1,
                  (topic, message) ->
                      onOffer.offer(customer, message.getPayload(), System.nanoTime()))
              .waitForCompletion(10_000);
          return phone;
        } catch (MqttException e) {
          if (attempt == ATTEMPTS) {
            throw e;
          }
          reconnected++;
          try {
            phone.disconnectForcibly(0, 0);
            phone.close();
          } catch (MqttException closing) {
            // Already closed by the broker.
          }
          Thread.sleep(200);
        }
      }
    }

    @Override
    public int size() {
      return clients.size();
    }

    @Override
    public int reconnected() {
      return reconnected;
    }

    @Override
    public int lost() {
      return (int) clients.stream().filter(client -> !client.isConnected()).count();
    }

    @Override
    public void close() {
      clients.forEach(Bench::disconnectQuietly);
    }
  }
}
