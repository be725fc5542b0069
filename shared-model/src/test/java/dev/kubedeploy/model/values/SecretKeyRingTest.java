package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretKeyRingTest {

  private static final String OLD = "2026-06:" + key(1);
  private static final String NEW = "2026-12:" + key(2);
  private static final byte[] SECRET = "hunter2-hunter2".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedValuesOpenAgainAndHoldNoPlaintext() {
    var ring = SecretKeyRing.parse(List.of(NEW));

    var sealed = ring.seal(SECRET, "wiki-alice-4k2j9x");

    assertThat(sealed.keyId()).isEqualTo("2026-12");
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("hunter2");
    assertThat(ring.open(sealed, "wiki-alice-4k2j9x")).isEqualTo(SECRET);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    var ring = SecretKeyRing.parse(List.of(NEW));

    assertThat(ring.seal(SECRET, "a").ciphertext())
        .isNotEqualTo(ring.seal(SECRET, "a").ciphertext());
  }

  @Test
  void aChangedByteIsDetected() {
    var ring = SecretKeyRing.parse(List.of(NEW));
    var sealed = ring.seal(SECRET, "wiki-alice-4k2j9x");
    for (var i = 0; i < sealed.ciphertext().length; i++) {
      var tampered = sealed.ciphertext().clone();
      tampered[i] ^= 0x01;
      var changed = new SecretKeyRing.Sealed(sealed.keyId(), tampered);

      assertThatThrownBy(() -> ring.open(changed, "wiki-alice-4k2j9x"))
          .isInstanceOf(SecretUnreadableException.class)
          .hasMessageContaining("does not authenticate");
    }
  }

  @Test
  void ciphertextCopiedToAnotherDeploymentDoesNotOpen() {
    var ring = SecretKeyRing.parse(List.of(NEW));
    var sealed = ring.seal(SECRET, "wiki-alice-4k2j9x");

    assertThatThrownBy(() -> ring.open(sealed, "wiki-mallory-000000"))
        .isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void truncatedCiphertextIsRefused() {
    var ring = SecretKeyRing.parse(List.of(NEW));

    assertThatThrownBy(() -> ring.open(new SecretKeyRing.Sealed("2026-12", new byte[10]), "a"))
        .isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void afterRotationOldCiphertextOpensWithTheOldKeyAndNewValuesUseTheNewKey() {
    var before = SecretKeyRing.parse(List.of(OLD));
    var sealedBefore = before.seal(SECRET, "wiki-alice-4k2j9x");

    var rotated = SecretKeyRing.parse(List.of(NEW, OLD));

    assertThat(sealedBefore.keyId()).isEqualTo("2026-06");
    assertThat(rotated.open(sealedBefore, "wiki-alice-4k2j9x")).isEqualTo(SECRET);
    var sealedAfter = rotated.seal(SECRET, "wiki-alice-4k2j9x");
    assertThat(sealedAfter.keyId()).isEqualTo("2026-12");
    assertThatThrownBy(() -> before.open(sealedAfter, "wiki-alice-4k2j9x"))
        .isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining("'2026-12'");
  }

  @Test
  void aKeyUnderAnotherIdDoesNotOpenIt() {
    var sealed = SecretKeyRing.parse(List.of(OLD)).seal(SECRET, "a");
    var impostor = SecretKeyRing.parse(List.of("2026-06:" + key(3)));

    assertThatThrownBy(() -> impostor.open(sealed, "a"))
        .isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void aRingMissingAKeyInUseIsRefusedByName() {
    var ring = SecretKeyRing.parse(List.of(NEW));

    ring.requireKeys(List.of("2026-12"));
    assertThatThrownBy(() -> ring.requireKeys(List.of("2026-12", "2026-06")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[2026-06]");
    assertThatThrownBy(() -> SecretKeyRing.empty().requireKeys(List.of("2026-12")))
        .hasMessageContaining("[2026-12]");
  }

  @Test
  void malformedEntriesAreRefusedWithoutEchoingTheKey() {
    var shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> SecretKeyRing.parse(List.of("k1:" + shortKey)))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> SecretKeyRing.parse(List.of("k1:not base64!")))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("not base64!");
    assertThatThrownBy(() -> SecretKeyRing.parse(List.of(key(1))))
        .hasMessageContaining("entry 1 must be ID:BASE64-KEY");
    assertThatThrownBy(() -> SecretKeyRing.parse(List.of(NEW, "2026-12:" + key(4))))
        .hasMessageContaining("twice");
  }

  @Test
  void anEmptyRingSealsNothing() {
    assertThat(SecretKeyRing.empty().canSeal()).isFalse();
    assertThatThrownBy(() -> SecretKeyRing.empty().seal(SECRET, "a"))
        .isInstanceOf(IllegalStateException.class);
  }

  private static String key(int fill) {
    var bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
