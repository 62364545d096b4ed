package dev.o2o.contract;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token a customer's phone app logs in to MQTT with. The online shop's backend issues it as an
 * HMAC of the customer id under a secret it shares with the broker, so the broker can check any
 * customer without a password list, and a token opens one customer's offers only.
 */
public final class AppTokens {
  private static final String ALGORITHM = "HmacSHA256";

  private AppTokens() {}

  public static String issue(String secret, String customerId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] digest = mac.doFinal(customerId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  public static boolean verify(String secret, String customerId, String token) {
    if (token == null) {
      return false;
    }
    byte[] expected = issue(secret, customerId).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
  }
}
