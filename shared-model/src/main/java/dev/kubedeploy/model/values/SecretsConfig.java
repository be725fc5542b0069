package dev.kubedeploy.model.values;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The key ring that seals secret values; both services read the same one. */
@ConfigMapping(prefix = "app.secrets")
public interface SecretsConfig {

  /**
   * {@code ID:BASE64} entries of 32-byte AES keys; the first seals new values, all open stored
   * ones. Without keys, templates cannot mark values secret.
   */
  Optional<List<String>> keys();
}
