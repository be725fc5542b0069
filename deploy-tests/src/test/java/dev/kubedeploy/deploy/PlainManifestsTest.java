package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/manifests: the chart rendered by bin/render-manifests, for teams without Helm. */
class PlainManifestsTest {

  private static final Path MANIFESTS = Repository.path("deploy/manifests");

  @Test
  void committedManifestsAreWhatBinRenderManifestsProducesFromTheChart(@TempDir Path rendered)
      throws IOException {
    var result =
        Command.of(Repository.path("bin/render-manifests").toString(), rendered.toString())
            .environment(Map.of("HELM_MAJOR", "4"))
            .directory(Repository.root())
            .run(Duration.ofMinutes(2));
    assertThat(result.succeeded()).as(result.output()).isTrue();

    assertThat(manifests(MANIFESTS))
        .as("deploy/manifests is out of date: run bin/render-manifests")
        .isEqualTo(manifests(rendered));
  }

  @Test
  void eachFileHoldsOneObjectNamedAfterItsKindAndName() throws IOException {
    for (var entry : manifests(MANIFESTS).entrySet()) {
      var objects = RenderedChart.parse(entry.getValue());
      assertThat(objects).as(entry.getKey()).hasSize(1);
      var object = objects.getFirst();
      assertThat(entry.getKey())
          .matches("[0-9]{3}-.*")
          .endsWith(
              "-"
                  + object.path("kind").asText()
                  + "-"
                  + object.at("/metadata/name").asText()
                  + ".yaml");
    }
  }

  @Test
  void manifestsApplyAccountsAndRbacFirstThenMigrateThenStartTheServices() throws IOException {
    var order = manifests(MANIFESTS).keySet().stream().toList();

    assertThat(order.indexOf("010-ServiceAccount-kubedeploy-reconciler.yaml"))
        .isLessThan(order.indexOf("020-ClusterRole-kubedeploy-reconciler.yaml"));
    assertThat(order.indexOf("040-ConfigMap-kubedeploy-api.yaml"))
        .isLessThan(order.indexOf("050-Job-kubedeploy-migration.yaml"));
    assertThat(order.indexOf("050-Job-kubedeploy-migration.yaml"))
        .isLessThan(order.indexOf("070-Deployment-kubedeploy-api.yaml"))
        .isLessThan(order.indexOf("070-Deployment-kubedeploy-reconciler.yaml"));
  }

  @Test
  void manifestsHoldNoSecretAndReadCredentialsFromTheSecretsTheOperatorCreates()
      throws IOException {
    var texts = manifests(MANIFESTS);

    assertThat(texts.keySet()).noneMatch(name -> name.contains("-Secret-"));
    assertThat(texts.get("070-Deployment-kubedeploy-api.yaml"))
        .contains("name: kubedeploy-database")
        .contains("secretName: kubedeploy-jwt");
  }

  /** File name to content of the numbered manifests in a folder, in file name order. */
  private static Map<String, String> manifests(Path folder) throws IOException {
    var files = new TreeMap<String, String>();
    try (Stream<Path> paths = Files.list(folder)) {
      for (var path :
          paths.filter(p -> p.getFileName().toString().matches("[0-9]{3}-.*\\.yaml")).toList()) {
        files.put(path.getFileName().toString(), Files.readString(path));
      }
    }
    return files;
  }
}
