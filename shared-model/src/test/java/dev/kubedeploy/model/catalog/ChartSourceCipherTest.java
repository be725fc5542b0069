package dev.kubedeploy.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartSourceCipherTest {

  private static final byte[] OLD_KEY = key(1);
  private static final byte[] NEW_KEY = key(2);

  @Test
  void aSecretOpensForItsOwnSourceAndIsNotInTheCiphertext() {
    var cipher = ChartSourceCipher.ofKeys(NEW_KEY, List.of());

    var sealed = cipher.encrypt("s3cr3t-password", "acme");

    assertThat(sealed).startsWith("v1.").doesNotContain("s3cr3t");
    assertThat(cipher.decrypt(sealed, "acme")).isEqualTo("s3cr3t-password");
    assertThat(cipher.encrypt("s3cr3t-password", "acme")).isNotEqualTo(sealed);
  }

  @Test
  void aCiphertextMovedToAnotherSourceDoesNotOpen() {
    var cipher = ChartSourceCipher.ofKeys(NEW_KEY, List.of());
    var sealed = cipher.encrypt("s3cr3t", "acme");

    assertThatThrownBy(() -> cipher.decrypt(sealed, "other"))
        .isInstanceOf(ChartSourceSecretException.class)
        .hasMessageContaining("altered or moved");
  }

  @Test
  void anAlteredCiphertextDoesNotOpen() {
    var cipher = ChartSourceCipher.ofKeys(NEW_KEY, List.of());
    var sealed = cipher.encrypt("s3cr3t", "acme");
    var bytes = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf('.') + 1));
    bytes[bytes.length - 1] ^= 1;
    var altered =
        sealed.substring(0, sealed.lastIndexOf('.') + 1)
            + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> cipher.decrypt(altered, "acme"))
        .isInstanceOf(ChartSourceSecretException.class);
  }

  @Test
  void afterARotationOldSecretsStillOpenAndNewOnesUseTheNewKey() {
    var sealedBefore = ChartSourceCipher.ofKeys(OLD_KEY, List.of()).encrypt("s3cr3t", "acme");
    var rotated = ChartSourceCipher.ofKeys(NEW_KEY, List.of(OLD_KEY));

    assertThat(rotated.decrypt(sealedBefore, "acme")).isEqualTo("s3cr3t");
    assertThat(rotated.isCurrent(sealedBefore)).isFalse();
    assertThat(rotated.isCurrent(rotated.encrypt("s3cr3t", "acme"))).isTrue();
    assertThatThrownBy(
            () -> ChartSourceCipher.ofKeys(NEW_KEY, List.of()).decrypt(sealedBefore, "acme"))
        .isInstanceOf(ChartSourceSecretException.class)
        .hasMessageContaining("neither app.chart-sources.encryption-key");
  }

  @Test
  void aKeyThatIsNotThirtyTwoBytesIsRefusedNamingTheProperty() {
    ChartSourceKeys config =
        new ChartSourceKeys() {
          @Override
          public Optional<String> encryptionKey() {
            return Optional.of(Base64.getEncoder().encodeToString(new byte[16]));
          }

          @Override
          public Optional<List<String>> previousEncryptionKeys() {
            return Optional.empty();
          }
        };

    assertThatThrownBy(() -> ChartSourceCipher.of(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app.chart-sources.encryption-key must be 32 bytes");
  }

  private static byte[] key(int fill) {
    var key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
