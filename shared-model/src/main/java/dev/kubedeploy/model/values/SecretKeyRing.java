package dev.kubedeploy.model.values;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's one AES-256-GCM cipher: it seals deployments' secret values and chart sources'
 * passwords and tokens. The first key of the ring seals, every key opens what it sealed, so that a
 * new key can be put in front while old ciphertext still opens. A sealed value is a fresh 12-byte
 * nonce followed by the ciphertext and its 16-byte tag; the caller's {@code associatedData} (what
 * the secret belongs to) is authenticated with it, so that ciphertext copied to another owner does
 * not open.
 */
public final class SecretKeyRing {

  /** A key id as it is written in configuration and stored beside each ciphertext. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String SETTING = "app.secrets.keys";
  private static final String MAC = "HmacSHA256";
  private static final String KEYED_DIGEST_PREFIX = "hmac-sha256:";

  /** Derives the digest key from a sealing key, so that no key serves two algorithms. */
  private static final byte[] DIGEST_KEY_LABEL =
      "kubedeploy keyed digest".getBytes(StandardCharsets.UTF_8);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The configuration property the keys come from, named by messages. */
  private final String setting;

  /** Keys by id, in configuration order: the first one seals. */
  private final Map<String, SecretKey> keys;

  private SecretKeyRing(String setting, Map<String, SecretKey> keys) {
    this.setting = setting;
    this.keys = keys;
  }

  /** A ring without keys: it opens nothing and seals nothing. */
  public static SecretKeyRing empty() {
    return new SecretKeyRing(SETTING, Map.of());
  }

  /**
   * A ring of bare base64 keys from {@code setting}, each named by the first 8 hex digits of its
   * sha256: how the chart-source keys of version 4 named theirs.
   *
   * @throws IllegalArgumentException naming the setting, never a key
   */
  public static SecretKeyRing namedByDigest(String setting, List<String> base64Keys) {
    var keys = new LinkedHashMap<String, SecretKey>();
    for (var base64 : base64Keys) {
      var key = decodeKey(setting, "", base64);
      keys.putIfAbsent(digestId(key), new SecretKeySpec(key, "AES"));
    }
    return new SecretKeyRing(setting, keys);
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
            SETTING
                + " entry "
                + (i + 1)
                + " must be ID:BASE64-KEY with an id of 1 to 64 letters, digits, '.', '_' or '-'");
      }
      var key = decodeKey(SETTING, " key '" + id + "'", entry.substring(colon + 1));
      if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException(SETTING + " names key '" + id + "' twice");
      }
    }
    return new SecretKeyRing(SETTING, keys);
  }

  private static byte[] decodeKey(String setting, String which, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + which + " is not base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          setting + which + " must be " + KEY_BYTES + " bytes (AES-256)");
    }
    return key;
  }

  private static String digestId(byte[] key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether the ring has a key to seal with. */
  public boolean canSeal() {
    return !keys.isEmpty();
  }

  /** The id of the key that seals, if the ring has one. */
  public Optional<String> sealingKeyId() {
    return keys.keySet().stream().findFirst();
  }

  /** The ids of the ring's keys. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * Seals {@code plaintext} with the ring's first key, bound to {@code associatedData}.
   *
   * @throws IllegalStateException when the ring is empty
   */
  public Sealed seal(byte[] plaintext, String associatedData) {
    if (!canSeal()) {
      throw new IllegalStateException("no key in " + setting + " to seal secrets with");
    }
    var entry = keys.entrySet().iterator().next();
    var nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      var cipher = cipher(Cipher.ENCRYPT_MODE, entry.getValue(), nonce, associatedData);
      var ciphertext = cipher.doFinal(plaintext);
      var sealed =
          ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
      return new Sealed(entry.getKey(), sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens what {@link #seal} sealed for the same {@code associatedData}.
   *
   * @throws SecretUnreadableException when the key is not in the ring, or the ciphertext or its
   *     associated data was changed
   */
  public byte[] open(Sealed sealed, String associatedData) {
    var key = keys.get(sealed.keyId());
    if (key == null) {
      throw new SecretUnreadableException(
          "the secret was sealed with key '"
              + sealed.keyId()
              + "', which "
              + setting
              + " does not hold");
    }
    var bytes = sealed.ciphertext();
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretUnreadableException("the sealed secret is truncated");
    }
    try {
      var nonce = Arrays.copyOf(bytes, NONCE_BYTES);
      return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData)
          .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new SecretUnreadableException(
          "the sealed secret does not authenticate with key '"
              + sealed.keyId()
              + "': changed, or sealed for another owner");
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
          "stored secrets are sealed with key(s) "
              + missing
              + " that "
              + setting
              + " does not hold; add them (docs/operations.md, key rotation)");
    }
  }

  /**
   * A digest of {@code data} that only holders of the ring can compute: {@code hmac-sha256:<key
   * id>:<hex>}, an HMAC-SHA256 under a key derived from the sealing key. For digests of input that
   * may hold secrets, which a plain hash would let anyone with the digest guess offline.
   *
   * @throws IllegalStateException when the ring is empty
   */
  public String keyedDigest(byte[] data) {
    var id =
        sealingKeyId()
            .orElseThrow(
                () -> new IllegalStateException("no key in " + setting + " to digest with"));
    return KEYED_DIGEST_PREFIX + id + ":" + HexFormat.of().formatHex(digest(keys.get(id), data));
  }

  /** Whether {@code text} has the form {@link #keyedDigest} writes. */
  public static boolean isKeyedDigest(String text) {
    return text.startsWith(KEYED_DIGEST_PREFIX);
  }

  /**
   * Whether {@code keyedDigest} is the {@link #keyedDigest} of {@code data} under a key of the
   * ring; false as well when the ring no longer holds that key.
   */
  public boolean matchesKeyedDigest(String keyedDigest, byte[] data) {
    if (!isKeyedDigest(keyedDigest)) {
      return false;
    }
    var rest = keyedDigest.substring(KEYED_DIGEST_PREFIX.length());
    var colon = rest.indexOf(':');
    var key = colon < 0 ? null : keys.get(rest.substring(0, colon));
    if (key == null) {
      return false;
    }
    var expected = HexFormat.of().formatHex(digest(key, data));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        rest.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] digest(SecretKey key, byte[] data) {
    return hmacSha256(hmacSha256(key.getEncoded(), DIGEST_KEY_LABEL), data);
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      var mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key, MAC));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has " + MAC, e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String associatedData)
      throws GeneralSecurityException {
    var cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  /**
   * A sealed value and the id of the key that sealed it.
   *
   * @param ciphertext nonce, ciphertext and tag
   */
  public record Sealed(String keyId, byte[] ciphertext) {}
}
