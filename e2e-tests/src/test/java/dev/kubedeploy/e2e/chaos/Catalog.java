package dev.kubedeploy.e2e.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The product the churn deploys: the sample chart {@code webapp} in two published versions. */
final class Catalog {

  /** Template id to chart version, in publication order. */
  final Map<Long, String> chartVersions = new LinkedHashMap<>();

  private Catalog() {}

  static Catalog publish(ApiClient admin) throws IOException {
    var catalog = new Catalog();
    require(admin.post("/products", Map.of("slug", "webapp", "name", "Web app")), "product");
    for (var version : new String[] {"0.1.0", "0.2.0"}) {
      var answer =
          admin.post(
              "/products/webapp/templates",
              Map.of(
                  "version_label",
                  version,
                  "package_type",
                  "helm-chart",
                  "chart_ref",
                  "repo/webapp-" + version + ".tgz",
                  "chart_version",
                  version,
                  "chart_digest",
                  publishedDigest(version),
                  "values_schema_json",
                  new ObjectMapper()
                      .readTree(
                          ProjectPaths.resolve("deploy/sample-charts/webapp/values.schema.json")
                              .toFile()),
                  "capabilities_json",
                  Map.of(
                      "replicas", "replicaCount",
                      "resources", "resources",
                      "domain", "ingress.host"),
                  // nginx runs as root: the restricted level would refuse its pods
                  "pod_security_level",
                  "baseline",
                  "health_timeout_sec",
                  30));
      require(answer, "template " + version);
      catalog.chartVersions.put(answer.body().path("id").asLong(), version);
    }
    return catalog;
  }

  long first() {
    return chartVersions.keySet().iterator().next();
  }

  /** The other template of the product: what an upgrade moves to. */
  long other(long templateId) {
    return chartVersions.keySet().stream().filter(id -> id != templateId).findFirst().orElseThrow();
  }

  private static void require(ApiClient.Answer answer, String what) {
    if (!answer.acknowledged()) {
      throw new IllegalStateException(
          "cannot publish " + what + ": " + answer.status() + " " + answer.body());
    }
  }

  private static String publishedDigest(String version) throws IOException {
    var index =
        new YAMLMapper()
            .readTree(ProjectPaths.resolve("deploy/sample-charts/repo/index.yaml").toFile());
    for (var entry : index.path("entries").path("webapp")) {
      if (entry.path("version").asText().equals(version)) {
        return "sha256:" + entry.path("digest").asText();
      }
    }
    throw new IllegalStateException("webapp " + version + " is not in the sample repository");
  }
}
