package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChartSourceTest {

  @Test
  void anHttpsReferenceNamesTheRepositoryAndTheChartAfterTheHash() {
    var source = (ChartSource.Repository) ChartSource.parse("https://charts.example/stable#webapp");

    assertThat(source.repository()).isEqualTo(URI.create("https://charts.example/stable"));
    assertThat(source.chart()).isEqualTo("webapp");
    assertThat(source.indexUri()).isEqualTo(URI.create("https://charts.example/stable/index.yaml"));
    assertThat(source.resolve("webapp-0.1.0.tgz"))
        .isEqualTo(URI.create("https://charts.example/stable/webapp-0.1.0.tgz"));
  }

  @Test
  void aRepositoryReferenceWithoutAChartNameIsRefused() {
    assertThatThrownBy(() -> ChartSource.parse("https://charts.example/stable"))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("URL#chart-name");
  }

  @Test
  void ociAndLocalReferencesAreRecognised() {
    assertThat(ChartSource.parse("oci://registry.example/charts/webapp"))
        .isEqualTo(new ChartSource.Oci("oci://registry.example/charts/webapp"));
    assertThat(ChartSource.parse("webapp-0.2.0.tgz"))
        .isEqualTo(new ChartSource.Local(Path.of("webapp-0.2.0.tgz")));
  }

  @Test
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> ChartSource.parse("s3://bucket/webapp"))
        .isInstanceOf(ChartVerificationException.class);
  }
}
