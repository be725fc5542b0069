package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The chart's README.md documents every value, generated from values.yaml. */
class ChartReadmeTest {

  @Test
  void committedReadmeIsWhatBinChartReadmeGeneratesFromValuesYaml() throws IOException {
    assertThat(Files.readString(ChartReadme.FILE))
        .as("deploy/helm/kubedeploy/README.md is out of date: run bin/chart-readme")
        .isEqualTo(ChartReadme.render());
  }

  @Test
  void everyValueHasADescription() {
    var rows = ChartReadme.render().lines().filter(line -> line.startsWith("| `")).toList();

    assertThat(rows).hasSizeGreaterThan(100);
    assertThat(rows).noneMatch(row -> row.endsWith("|  |"));
    assertThat(rows)
        .anyMatch(row -> row.startsWith("| `networkPolicy.egress.enabled` | bool | `false` |"));
  }
}
