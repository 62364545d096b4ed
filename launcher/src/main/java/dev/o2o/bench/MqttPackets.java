package dev.o2o.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The MQTT 3.1.1 packets the bench's own clients send ({@link LightPhones}, {@link
 * LightPublisher}), and the packet types they read.
 */
final class MqttPackets {
  static final int CONNECT = 0x10;
  static final int CONNACK = 0x20;
  static final int PUBLISH = 0x30;
  static final int PUBACK = 0x40;
  static final int SUBSCRIBE = 0x82;
  static final int SUBACK = 0x90;
  static final int PINGREQ = 0xC0;
  static final int PINGRESP = 0xD0;
  static final int DISCONNECT = 0xE0;

  private MqttPackets() {}

  /** A login with user name and password and a clean session. */
  static byte[] connect(String clientId, String username, String password, Duration keepAlive) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4); // MQTT 3.1.1
    body.write(0xC2); // user name, password, clean session
    body.write((int) (keepAlive.toSeconds() >> 8));
    body.write((int) (keepAlive.toSeconds() & 0xFF));
    writeString(body, clientId);
    writeString(body, username);
    writeString(body, password);
    return packet(CONNECT, body.toByteArray());
  }

  /** A subscription to one topic at QoS 1. */
  static byte[] subscribe(int packetId, String topic) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writePacketId(body, packetId);
    writeString(body, topic);
    body.write(1);
    return packet(SUBSCRIBE, body.toByteArray());
  }

  /** A message at QoS 1, not retained. */
  static byte[] publish(int packetId, String topic, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + topic.length() + 8);
    writeString(body, topic);
    writePacketId(body, packetId);
    body.writeBytes(payload);
    return packet(PUBLISH | 0x02, body.toByteArray());
  }

  static byte[] puback(int packetId) {
    return new byte[] {(byte) PUBACK, 2, (byte) (packetId >> 8), (byte) (packetId & 0xFF)};
  }

  static byte[] pingreq() {
    return new byte[] {(byte) PINGREQ, 0};
  }

  static byte[] disconnect() {
    return new byte[] {(byte) DISCONNECT, 0};
  }

  /** A packet: its type and flags, the remaining length as MQTT's variable-length integer, body. */
  static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
    packet.write(header);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.writeBytes(body);
    return packet.toByteArray();
  }

  private static void writePacketId(ByteArrayOutputStream out, int packetId) {
    out.write(packetId >> 8);
    out.write(packetId & 0xFF);
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }
}
