package dev.kubedeploy.api.catalog;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Rules for what admins may publish. */
@ConfigMapping(prefix = "app.catalog")
public interface CatalogConfig {

  /**
   * Hosts (optionally {@code host:port}) whose chart repositories may be named with plain {@code
   * http://} in {@code chart_ref}; every other remote chart needs {@code https://} or {@code
   * oci://}.
   */
  Optional<List<String>> insecureChartHosts();
}
