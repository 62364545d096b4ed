package dev.o2o.config.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway TLS identity for tests, made at test time with the JDK's {@code keytool}: a
 * self-signed certificate for {@code localhost} and {@code 127.0.0.1} with its key (the servers'
 * key store), and a trust store holding only that certificate (the clients'). Nothing is kept in
 * the repository.
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {
  public static final String PASSWORD = "test-only-store-password";

  /** Makes the stores in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    Path keyStore = dir.resolve("test-server.p12");
    Path certificate = dir.resolve("test-server.pem");
    Path trustStore = dir.resolve("test-trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "o2o-test",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);
    return new TestCertificates(keyStore, trustStore, PASSWORD);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
      }
    } finally {
      process.destroyForcibly();
    }
  }

  /** Config overrides for Kafka over SASL_SSL with these stores and the given login. */
  public java.util.Map<String, String> kafkaSaslSsl(String username, String password) {
    return java.util.Map.of(
        "kafka.security.protocol",
        "SASL_SSL",
        "kafka.security.saslMechanism",
        "PLAIN",
        "kafka.security.username",
        username,
        "kafka.security.password",
        password,
        "kafka.security.trustStore",
        trustStore.toString(),
        "kafka.security.trustStorePassword",
        this.password,
        "kafka.security.brokerKeyStore",
        keyStore.toString(),
        "kafka.security.brokerKeyStorePassword",
        this.password);
  }

  /** Config overrides for MQTT over TLS with these stores. */
  public java.util.Map<String, String> mqttTls() {
    return java.util.Map.of(
        "mqtt.tls.enabled",
        "true",
        "mqtt.tls.keyStore",
        keyStore.toString(),
        "mqtt.tls.keyStorePassword",
        password,
        "mqtt.tls.trustStore",
        trustStore.toString(),
        "mqtt.tls.trustStorePassword",
        password);
  }
}
