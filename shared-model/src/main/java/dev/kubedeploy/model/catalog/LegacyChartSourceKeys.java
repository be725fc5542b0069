package dev.kubedeploy.model.catalog;

import io.smallrye.config.ConfigMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys version 4 sealed chart source secrets with, before they moved to {@code
 * app.secrets.keys}. They only open: the api-service re-seals the rows they hold under the key ring
 * at start (docs/operations.md), after which they can be removed.
 */
@ConfigMapping(prefix = "app.chart-sources")
public interface LegacyChartSourceKeys {

  /** Base64 of the 32-byte key version 4 sealed new chart source secrets with. */
  Optional<String> encryptionKey();

  /** Earlier keys of version 4, still in use by rows not yet re-sealed. */
  Optional<List<String>> previousEncryptionKeys();

  /** Every configured key, as one list. */
  default List<String> all() {
    var keys = new ArrayList<String>();
    encryptionKey().ifPresent(keys::add);
    previousEncryptionKeys().ifPresent(keys::addAll);
    return keys;
  }
}
