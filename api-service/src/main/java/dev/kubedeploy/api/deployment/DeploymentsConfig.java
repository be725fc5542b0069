package dev.kubedeploy.api.deployment;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Rules for deployments that an installation sets. */
@ConfigMapping(prefix = "app.deployments")
public interface DeploymentsConfig {

  /**
   * Domains under which deployments may take a domain name (e.g. {@code apps.example.com}); a
   * domain name must be a subdomain of one of them. Unset: any domain name.
   */
  Optional<List<String>> allowedDomainSuffixes();
}
