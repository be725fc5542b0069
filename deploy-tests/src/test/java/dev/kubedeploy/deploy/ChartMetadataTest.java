package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Chart.yaml: what a chart catalogue and `helm show chart` tell about the platform. */
class ChartMetadataTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void chartNamesItsHomeSourcesMaintainersAndKubernetesVersions() throws IOException {
    var chart = chartYaml();

    assertThat(chart.path("home").asText()).startsWith("https://");
    assertThat(chart.path("sources")).isNotEmpty();
    assertThat(chart.at("/maintainers/0/name").asText()).isNotBlank();
    assertThat(chart.path("kubeVersion").asText()).startsWith(">=");
  }

  @Test
  void catalogueImagesAreTheImagesTheChartDeploysByDefault() throws IOException {
    var chart = chartYaml();
    var values = YAML.readTree(Repository.chart().resolve("values.yaml").toFile());
    var images = YAML.readTree(chart.at("/annotations/artifacthub.io~1images").asText());
    var appVersion = chart.path("appVersion").asText();

    assertThat(images).hasSize(2);
    assertThat(images.get(0).path("image").asText())
        .isEqualTo(values.at("/api/image/repository").asText() + ":" + appVersion);
    assertThat(images.get(1).path("image").asText())
        .isEqualTo(values.at("/reconciler/image/repository").asText() + ":" + appVersion);
  }

  private static JsonNode chartYaml() throws IOException {
    return YAML.readTree(Repository.chart().resolve("Chart.yaml").toFile());
  }
}
