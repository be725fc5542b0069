package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartDigestsTest {

  @TempDir Path folder;

  @Test
  void aFilesDigestIsWhatSha256sumPrints() throws Exception {
    var file = Files.writeString(folder.resolve("chart.tgz"), "not really a chart");

    assertThat(ChartDigests.ofFile(file))
        .isEqualTo("sha256:" + shell("sha256sum chart.tgz").split(" ")[0]);
  }

  @Test
  void aFoldersDigestIsTheDocumentedShellPipeline() throws Exception {
    Files.createDirectories(folder.resolve("templates"));
    Files.writeString(folder.resolve("Chart.yaml"), "name: webapp\nversion: 0.1.0\n");
    Files.writeString(folder.resolve("values.yaml"), "replicaCount: 1\n");
    Files.writeString(folder.resolve("templates/_helpers.tpl"), "{{/* helpers */}}\n");
    Files.writeString(folder.resolve("templates/Deployment.yaml"), "kind: Deployment\n");

    var expected =
        shell("(find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum")
            .split(" ")[0];

    assertThat(ChartDigests.ofFolder(folder)).isEqualTo("sha256:" + expected);
  }

  @Test
  void aFoldersDigestChangesWithAnyFile() throws Exception {
    Files.writeString(folder.resolve("values.yaml"), "replicaCount: 1\n");
    var before = ChartDigests.ofFolder(folder);

    Files.writeString(folder.resolve("values.yaml"), "replicaCount: 2\n");

    assertThat(ChartDigests.ofFolder(folder)).isNotEqualTo(before);
  }

  @Test
  void digestsCompareWithOrWithoutThePrefixAndInAnyCase() {
    var hex = "ab".repeat(32);

    ChartDigests.verify("webapp", "sha256:" + hex, hex.toUpperCase());

    assertThatThrownBy(() -> ChartDigests.verify("webapp", "sha256:" + hex, "cd".repeat(32)))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch for webapp");
  }

  private String shell(String script) throws Exception {
    return Command.of("sh", "-c", script).directory(folder).output(Duration.ofMinutes(1)).strip();
  }
}
