package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.ChartDigests;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Template versions of the project's sample charts (deploy/sample-charts). */
final class SampleCharts {

  static final Path ROOT = ProjectPaths.root().resolve("deploy/sample-charts");

  /** Where the platform puts its facts in the webapp chart's values. */
  static final String WEBAPP_CAPABILITIES =
      """
      {"replicas": "replicaCount", "resources": "resources", "domain": "ingress.host",
       "ingress_enabled": "ingress.enabled"}
      """;

  /** The webapp chart's own schema, used as the template's values_schema_json. */
  static final String WEBAPP_SCHEMA = read(ROOT.resolve("webapp/values.schema.json"));

  private SampleCharts() {}

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** webapp at {@code version}, from its archive in the local repository, pinned by digest. */
  static Fixtures.TemplateSpec webapp(String version, int healthTimeoutSec) {
    var archive = "repo/webapp-" + version + ".tgz";
    return new Fixtures.TemplateSpec(
        archive,
        version,
        ChartDigests.ofFile(ROOT.resolve(archive)),
        "{\"config\": {\"greeting\": \"hello\"}}",
        WEBAPP_SCHEMA,
        WEBAPP_CAPABILITIES,
        healthTimeoutSec);
  }

  /** A chart folder with no digest pinned. */
  static Fixtures.TemplateSpec folder(String name, int healthTimeoutSec) {
    return new Fixtures.TemplateSpec(name, null, null, "{}", null, "{}", healthTimeoutSec);
  }
}
