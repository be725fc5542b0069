package dev.kubedeploy.reconciler.helm;

import dev.kubedeploy.model.values.SecretKeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Tells logins apart without keeping them: an HMAC-SHA256 of the login under a random key this
 * process draws at start and never stores, so that a fingerprint in a cache folder's name cannot be
 * used to guess a password offline. A source without a login has the empty fingerprint, whatever
 * the process.
 */
final class LoginFingerprints {

  private final byte[] key = new byte[32];

  LoginFingerprints() {
    new SecureRandom().nextBytes(key);
  }

  String of(ChartCredentials credentials) {
    if (!credentials.hasLogin()) {
      return "";
    }
    var login =
        credentials.username().orElse("")
            + "\n"
            + credentials.password().orElse("")
            + "\n"
            + credentials.token().orElse("");
    return HexFormat.of()
        .formatHex(SecretKeyRing.hmacSha256(key, login.getBytes(StandardCharsets.UTF_8)));
  }
}
