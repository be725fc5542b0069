package dev.kubedeploy.reconciler.helm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole environment of a helm child process: Helm's homes under the work folder, and from the
 * reconciler's own environment only what finding the cluster, the chart repositories and the binary
 * needs. Nothing else is passed, so that neither a chart's plugins nor a compromised helm ever sees
 * the database credentials or any other QUARKUS_*, APP_* or HELM_* setting.
 */
final class HelmEnvironment {

  /** Taken from the reconciler's environment when set there. */
  static final Set<String> PASSED =
      Set.of(
          "PATH",
          "HOME",
          "KUBECONFIG",
          // in-cluster discovery when no kubeconfig is configured
          "KUBERNETES_SERVICE_HOST",
          "KUBERNETES_SERVICE_PORT",
          // chart repositories behind a proxy or a private CA
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "http_proxy",
          "https_proxy",
          "no_proxy",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "TMPDIR");

  private HelmEnvironment() {}

  static Map<String, String> of(Path helmHome, Map<String, String> parent) {
    var environment = new TreeMap<String, String>();
    PASSED.forEach(
        name -> {
          var value = parent.get(name);
          if (value != null) {
            environment.put(name, value);
          }
        });
    environment.put("HELM_CACHE_HOME", helmHome.resolve("cache").toString());
    environment.put("HELM_CONFIG_HOME", helmHome.resolve("config").toString());
    environment.put("HELM_DATA_HOME", helmHome.resolve("data").toString());
    return Map.copyOf(environment);
  }
}
