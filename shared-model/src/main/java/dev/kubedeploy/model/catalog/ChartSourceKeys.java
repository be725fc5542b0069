package dev.kubedeploy.model.catalog;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The AES-256 keys chart source secrets are encrypted with (docs/configuration.md; rotation in
 * docs/operations.md). Both services read the same keys.
 */
@ConfigMapping(prefix = "app.chart-sources")
public interface ChartSourceKeys {

  /** Base64 of 32 random bytes; new secrets are encrypted with it. */
  Optional<String> encryptionKey();

  /**
   * Earlier keys, still accepted for decryption while secrets are re-encrypted after a rotation.
   */
  Optional<List<String>> previousEncryptionKeys();
}
