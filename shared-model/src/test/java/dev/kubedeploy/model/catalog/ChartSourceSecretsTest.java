package dev.kubedeploy.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.values.SecretKeyRing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartSourceSecretsTest {

  private static final String OLD = "2026-06:" + key(1);
  private static final String NEW = "2026-12:" + key(2);
  private static final String VERSION_4_KEY = key(3);

  private static final ChartSourceSecrets BEFORE =
      new ChartSourceSecrets(
          SecretKeyRing.parse(List.of(OLD)),
          SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of()));
  private static final ChartSourceSecrets ROTATED =
      new ChartSourceSecrets(
          SecretKeyRing.parse(List.of(NEW, OLD)),
          SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of(VERSION_4_KEY)));

  @Test
  void aSecretIsStoredUnderItsKeyIdAndOpensOnlyForItsOwnSource() {
    var stored = ROTATED.seal("s3cr3t-pass", "acme");

    assertThat(stored).startsWith("2026-12:").doesNotContain("s3cr3t");
    assertThat(ROTATED.open(stored, "acme")).isEqualTo("s3cr3t-pass");
    assertThatThrownBy(() -> ROTATED.open(stored, "other"))
        .isInstanceOf(ChartSourceSecretException.class)
        .hasMessageStartingWith("chart source 'other': ")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void afterRotationAnOldSecretStillOpensAndResealingUsesTheNewKey() {
    var sealedBefore = BEFORE.seal("s3cr3t-pass", "acme");

    assertThat(ROTATED.sealedWithCurrentKey(sealedBefore)).isFalse();
    var resealed = ROTATED.seal(ROTATED.open(sealedBefore, "acme"), "acme");

    assertThat(resealed).startsWith("2026-12:");
    assertThat(ROTATED.sealedWithCurrentKey(resealed)).isTrue();
    assertThat(ROTATED.open(resealed, "acme")).isEqualTo("s3cr3t-pass");
    assertThatThrownBy(() -> BEFORE.open(resealed, "acme"))
        .hasMessageContaining("key '2026-12', which app.secrets.keys does not hold");
  }

  @Test
  void whatVersion4SealedOpensWithItsKeyAndAwaitsResealing() {
    var sealed =
        SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of(VERSION_4_KEY))
            .seal("s3cr3t-v4".getBytes(StandardCharsets.UTF_8), "chart-source:acme");
    var stored =
        "v1." + sealed.keyId() + "." + Base64.getEncoder().encodeToString(sealed.ciphertext());

    assertThat(ROTATED.open(stored, "acme")).isEqualTo("s3cr3t-v4");
    assertThat(ROTATED.sealedWithCurrentKey(stored)).isFalse();
    assertThatThrownBy(() -> BEFORE.open(stored, "acme"))
        .hasMessageContaining("which app.chart-sources.encryption-key does not hold");
  }

  @Test
  void aRingKeyWhoseIdLooksLikeVersion4sFormIsStillTheRings() {
    var ring =
        new ChartSourceSecrets(
            SecretKeyRing.parse(List.of("v1.abcdef12:" + key(4))),
            SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of()));

    var stored = ring.seal("s3cr3t-pass", "acme");

    assertThat(ring.sealedWithCurrentKey(stored)).isTrue();
    assertThat(ring.open(stored, "acme")).isEqualTo("s3cr3t-pass");
  }

  @Test
  void keysMissingForStoredSecretsAreRefusedByName() {
    var stored = List.of(ROTATED.seal("a-secret", "acme"), BEFORE.seal("b-secret", "beta"));

    ROTATED.requireKeys(stored);
    assertThatThrownBy(() -> BEFORE.requireKeys(stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[2026-12]");
  }

  private static String key(int fill) {
    var key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }
}
