package dev.o2o.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust stores named in the config: PKCS12 files, or JKS when the name ends in {@code
 * .jks}. Used to check at load that a store opens with its password, and to build the TLS contexts
 * of the MQTT broker and clients (Kafka's clients open the files themselves).
 */
public final class TlsStores {
  private TlsStores() {}

  /** The key store type of a file: JKS for {@code .jks}, else PKCS12. */
  public static String type(String file) {
    return file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
  }

  /** Opens a store file with its password. */
  public static KeyStore open(String file, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type(file));
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  /** Key managers presenting the key and certificate in a store (the key has its password). */
  public static KeyManagerFactory keyManagers(String file, String password)
      throws IOException, GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(open(file, password), password.toCharArray());
    return factory;
  }

  /** A client TLS context trusting what the store holds, or the JVM's default when file is null. */
  public static SSLContext clientContext(String trustStore, String password) {
    try {
      if (trustStore == null) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(open(trustStore, password));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the trust store " + trustStore, e);
    }
  }
}
