package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.e2e.Platform;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The product the churn deploys: the sample chart {@code webapp} in two published versions. */
final class Catalog {

  /** Short, so that a rollout that never completes ends the attempt soon. */
  private static final int HEALTH_TIMEOUT_SEC = 30;

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
              Platform.sampleWebappTemplate(version, HEALTH_TIMEOUT_SEC));
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
}
