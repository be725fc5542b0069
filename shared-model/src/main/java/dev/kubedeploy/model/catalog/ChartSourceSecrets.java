package dev.kubedeploy.model.catalog;

import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretUnreadableException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Seals the password or token of a chart source with the platform's key ring ({@code
 * app.secrets.keys}), the source's name authenticated with it so that a ciphertext copied onto
 * another source does not open. Stored as {@code KEY_ID:BASE64}. What version 4 sealed under its
 * own chart-source key ({@code v1.<key digest>.<base64>}) still opens with the legacy keys, until
 * the api-service re-seals it.
 */
public final class ChartSourceSecrets {

  private static final String LEGACY_PREFIX = "v1.";
  private static final String LEGACY_ASSOCIATED_DATA = "chart-source:";
  private static final String ASSOCIATED_DATA = "kubedeploy chart source ";

  private final SecretKeyRing ring;
  private final SecretKeyRing legacy;

  /**
   * @param ring the key ring that seals and opens
   * @param legacy version 4's chart-source keys, which only open
   */
  public ChartSourceSecrets(SecretKeyRing ring, SecretKeyRing legacy) {
    this.ring = ring;
    this.legacy = legacy;
  }

  /** Whether a secret can be sealed (the key ring has a key). */
  public boolean canSeal() {
    return ring.canSeal();
  }

  /** {@code secret} sealed with the ring's first key for the source named {@code sourceName}. */
  public String seal(String secret, String sourceName) {
    var sealed = ring.seal(secret.getBytes(StandardCharsets.UTF_8), ASSOCIATED_DATA + sourceName);
    return sealed.keyId() + ":" + Base64.getEncoder().encodeToString(sealed.ciphertext());
  }

  /**
   * Opens a stored secret of the source named {@code sourceName}.
   *
   * @throws ChartSourceSecretException when no configured key opens it; the message holds no secret
   */
  public String open(String stored, String sourceName) {
    try {
      var plaintext =
          isLegacy(stored)
              ? legacy.open(legacySealed(stored, sourceName), LEGACY_ASSOCIATED_DATA + sourceName)
              : ring.open(sealed(stored, sourceName), ASSOCIATED_DATA + sourceName);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (SecretUnreadableException e) {
      throw new ChartSourceSecretException(sourceName, e.getMessage());
    }
  }

  /** Whether {@code stored} was sealed with the ring's sealing key (else it awaits re-sealing). */
  public boolean sealedWithCurrentKey(String stored) {
    return !isLegacy(stored) && ring.sealingKeyId().equals(Optional.of(keyId(stored)));
  }

  /**
   * Refuses keys that cannot open every stored secret.
   *
   * @throws IllegalStateException naming the missing key ids
   */
  public void requireKeys(Collection<String> storedSecrets) {
    ring.requireKeys(
        storedSecrets.stream()
            .filter(Objects::nonNull)
            .filter(s -> !isLegacy(s))
            .map(ChartSourceSecrets::keyId)
            .toList());
    legacy.requireKeys(
        storedSecrets.stream()
            .filter(Objects::nonNull)
            .filter(ChartSourceSecrets::isLegacy)
            .map(s -> s.split("\\.", 3)[1])
            .toList());
  }

  /** Version 4's form; a ring ciphertext always has a ':', which base64 and v1 never hold. */
  private static boolean isLegacy(String stored) {
    return stored.startsWith(LEGACY_PREFIX) && stored.indexOf(':') < 0;
  }

  private static String keyId(String stored) {
    var colon = stored.indexOf(':');
    return colon < 0 ? "" : stored.substring(0, colon);
  }

  private static SecretKeyRing.Sealed sealed(String stored, String sourceName) {
    var colon = stored.indexOf(':');
    if (colon < 0) {
      throw new ChartSourceSecretException(sourceName, "its secret is not a sealed value");
    }
    return new SecretKeyRing.Sealed(
        stored.substring(0, colon), decode(stored.substring(colon + 1), sourceName));
  }

  private static SecretKeyRing.Sealed legacySealed(String stored, String sourceName) {
    var parts = stored.split("\\.", 3);
    if (parts.length != 3) {
      throw new ChartSourceSecretException(sourceName, "its secret is not a v1 ciphertext");
    }
    return new SecretKeyRing.Sealed(parts[1], decode(parts[2], sourceName));
  }

  private static byte[] decode(String base64, String sourceName) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ChartSourceSecretException(sourceName, "its secret is not base64");
    }
  }
}
