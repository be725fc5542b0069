package dev.kubedeploy.api.support;

import dev.kubedeploy.api.security.DevTokenMinter;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens signed with the dev key, which the test profile trusts. */
public final class Tokens {

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
  private static PrivateKey key;

  private Tokens() {}

  /** A valid token for {@code subject}, with a preferred user name equal to it. */
  public static String of(String subject) {
    return CACHE.computeIfAbsent(
        subject, s -> mint(DevTokenMinter.DEV_ISSUER, Map.of("sub", s), Duration.ofHours(1)));
  }

  /** A token with any issuer, claims and lifetime (negative: already expired). */
  public static String mint(String issuer, Map<String, Object> claims, Duration ttl) {
    try {
      return DevTokenMinter.mint(key(), issuer, claims, ttl);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized PrivateKey key() throws GeneralSecurityException {
    if (key == null) {
      try {
        key = DevTokenMinter.readPrivateKey(DevTokenMinter.DEV_KEY);
      } catch (IOException e) {
        throw new IllegalStateException("the dev key is missing: " + DevTokenMinter.DEV_KEY, e);
      }
    }
    return key;
  }
}
