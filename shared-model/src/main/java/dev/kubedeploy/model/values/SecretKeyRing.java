package dev.kubedeploy.model.values;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that seal secret values with AES-256-GCM: the first key of the ring seals, every key
 * opens what it sealed, so that a new key can be put in front while old ciphertext still opens. A
 * sealed value is a fresh 12-byte nonce followed by the ciphertext and its 16-byte tag; the
 * caller's {@code context} (the deployment uid) is authenticated with it, so that ciphertext copied
 * to another deployment does not open.
 */
public final class SecretKeyRing {

  /** A key id as it is written in configuration and stored beside each ciphertext. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String CONTEXT_PREFIX = "kubedeploy secret values of ";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Keys by id, in configuration order: the first one seals. */
  private final Map<String, SecretKey> keys;

  private SecretKeyRing(Map<String, SecretKey> keys) {
    this.keys = keys;
  }

  /** A ring without keys: it opens nothing and seals nothing. */
  public static SecretKeyRing empty() {
    return new SecretKeyRing(Map.of());
  }

  /**
   * Parses {@code id:base64-key} entries (32-byte keys); the first entry seals.
   *
   * @throws IllegalArgumentException naming the entry at fault, never its key
   */
  public static SecretKeyRing parse(List<String> entries) {
    var keys = new LinkedHashMap<String, SecretKey>();
    for (var i = 0; i < entries.size(); i++) {
      var entry = entries.get(i).strip();
      var colon = entry.indexOf(':');
      var id = colon < 0 ? "" : entry.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "app.secrets.keys entry "
                + (i + 1)
                + " must be ID:BASE64-KEY with an id of 1 to 64 letters, digits, '.', '_' or '-'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("app.secrets.keys key '" + id + "' is not base64");
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "app.secrets.keys key '" + id + "' must be " + KEY_BYTES + " bytes (AES-256)");
      }
      if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("app.secrets.keys names key '" + id + "' twice");
      }
    }
    return new SecretKeyRing(keys);
  }

  /** Whether the ring has a key to seal with. */
  public boolean canSeal() {
    return !keys.isEmpty();
  }

  /** The ids of the ring's keys. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * Seals {@code plaintext} with the ring's first key.
   *
   * @throws IllegalStateException when the ring is empty
   */
  public Sealed seal(byte[] plaintext, String context) {
    if (!canSeal()) {
      throw new IllegalStateException("no key in app.secrets.keys to seal secret values with");
    }
    var entry = keys.entrySet().iterator().next();
    var nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      var cipher = cipher(Cipher.ENCRYPT_MODE, entry.getValue(), nonce, context);
      var ciphertext = cipher.doFinal(plaintext);
      var sealed =
          ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
      return new Sealed(entry.getKey(), sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens what {@link #seal} sealed for the same {@code context}.
   *
   * @throws SecretUnreadableException when the key is not in the ring, or the ciphertext or its
   *     context was changed
   */
  public byte[] open(Sealed sealed, String context) {
    var key = keys.get(sealed.keyId());
    if (key == null) {
      throw new SecretUnreadableException(
          "secret values were sealed with key '"
              + sealed.keyId()
              + "', which app.secrets.keys does not hold");
    }
    var bytes = sealed.ciphertext();
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretUnreadableException("sealed secret values are truncated");
    }
    try {
      var nonce = Arrays.copyOf(bytes, NONCE_BYTES);
      return cipher(Cipher.DECRYPT_MODE, key, nonce, context)
          .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new SecretUnreadableException(
          "sealed secret values do not authenticate with key '"
              + sealed.keyId()
              + "': changed, or sealed for another deployment");
    }
  }

  /**
   * Refuses a ring that cannot open every stored secret: a service started without those keys would
   * fail each reconcile or write of the deployments that hold them.
   *
   * @throws IllegalStateException naming the missing key ids
   */
  public void requireKeys(Collection<String> keyIdsInUse) {
    var missing = new TreeSet<String>();
    keyIdsInUse.stream()
        .filter(Objects::nonNull)
        .filter(id -> !keys.containsKey(id))
        .forEach(missing::add);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "deployments hold secret values sealed with key(s) "
              + missing
              + " that app.secrets.keys does not hold; add them (docs/operations.md, key rotation)");
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context)
      throws GeneralSecurityException {
    var cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD((CONTEXT_PREFIX + context).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  /**
   * A sealed value and the id of the key that sealed it.
   *
   * @param ciphertext nonce, ciphertext and tag
   */
  public record Sealed(String keyId, byte[] ciphertext) {}
}
