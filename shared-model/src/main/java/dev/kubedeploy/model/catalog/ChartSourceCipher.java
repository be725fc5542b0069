package dev.kubedeploy.model.catalog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the password or token of a chart source with AES-256-GCM. A ciphertext reads {@code
 * v1.<key id>.<base64 of nonce and sealed bytes>}; the key id (the first 8 hex digits of the key's
 * sha256) says which configured key opens it, so keys can be rotated. The source's name is the
 * associated data: a ciphertext copied onto another source does not open.
 */
public final class ChartSourceCipher {

  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentId;
  private final Map<String, SecretKeySpec> keys;

  private ChartSourceCipher(byte[] current, List<byte[]> previous) {
    var all = new LinkedHashMap<String, SecretKeySpec>();
    currentId = keyId(current);
    all.put(currentId, new SecretKeySpec(current, "AES"));
    previous.forEach(key -> all.putIfAbsent(keyId(key), new SecretKeySpec(key, "AES")));
    keys = Map.copyOf(all);
  }

  /** The cipher of the configured keys; empty when no encryption key is configured. */
  public static Optional<ChartSourceCipher> of(ChartSourceKeys config) {
    if (config.encryptionKey().isEmpty()) {
      return Optional.empty();
    }
    var previous = new ArrayList<byte[]>();
    config.previousEncryptionKeys().orElse(List.of()).stream()
        .map(key -> decodeKey("app.chart-sources.previous-encryption-keys", key))
        .forEach(previous::add);
    return Optional.of(
        new ChartSourceCipher(
            decodeKey("app.chart-sources.encryption-key", config.encryptionKey().get()), previous));
  }

  /** A cipher over raw keys: {@code current} encrypts, every key decrypts. */
  public static ChartSourceCipher ofKeys(byte[] current, List<byte[]> previous) {
    return new ChartSourceCipher(current, previous);
  }

  /** Seals {@code secret} for the source named {@code sourceName}. */
  public String encrypt(String secret, String sourceName) {
    var nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    var sealed = run(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, sourceName, utf8(secret));
    var out = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, out, 0, nonce.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    return VERSION + "." + currentId + "." + Base64.getEncoder().encodeToString(out);
  }

  /**
   * Opens a ciphertext of the source named {@code sourceName}.
   *
   * @throws ChartSourceSecretException when no configured key opens it
   */
  public String decrypt(String ciphertext, String sourceName) {
    var parts = ciphertext.split("\\.", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new ChartSourceSecretException(sourceName, "its secret is not a v1 ciphertext");
    }
    var key = keys.get(parts[1]);
    if (key == null) {
      throw new ChartSourceSecretException(
          sourceName,
          "its secret was encrypted with key "
              + parts[1]
              + ", which is neither app.chart-sources.encryption-key nor one of the previous keys");
    }
    var bytes = Base64.getDecoder().decode(parts[2]);
    if (bytes.length <= NONCE_BYTES) {
      throw new ChartSourceSecretException(sourceName, "its secret is truncated");
    }
    var nonce = new byte[NONCE_BYTES];
    System.arraycopy(bytes, 0, nonce, 0, NONCE_BYTES);
    var sealed = new byte[bytes.length - NONCE_BYTES];
    System.arraycopy(bytes, NONCE_BYTES, sealed, 0, sealed.length);
    try {
      return new String(
          cipher(Cipher.DECRYPT_MODE, key, nonce, sourceName).doFinal(sealed),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new ChartSourceSecretException(
          sourceName, "its secret does not open with key " + parts[1] + " (altered or moved)");
    }
  }

  /** Whether {@code ciphertext} was sealed with the current key (else it awaits re-encryption). */
  public boolean isCurrent(String ciphertext) {
    return ciphertext.startsWith(VERSION + "." + currentId + ".");
  }

  /** The first 8 hex digits of the key's sha256: names a key without revealing it. */
  static String keyId(byte[] key) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] run(
      int mode, SecretKeySpec key, byte[] nonce, String sourceName, byte[] input) {
    try {
      return cipher(mode, key, nonce, sourceName).doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is in every JVM", e);
    }
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String sourceName)
      throws GeneralSecurityException {
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(utf8("chart-source:" + sourceName));
    return cipher;
  }

  private static byte[] decodeKey(String property, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + " is not base64", e);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          property + " must be 32 bytes (base64 of `head -c 32 /dev/urandom`), not " + key.length);
    }
    return key;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
