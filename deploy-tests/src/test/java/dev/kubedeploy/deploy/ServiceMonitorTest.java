package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMonitorTest {

  @Test
  void noServiceMonitorUnlessAsked() {
    assertThat(RenderedChart.withTestValues().all("ServiceMonitor")).isEmpty();
  }

  @Test
  void serviceMonitorScrapesTheMetricsOfBothServices() {
    var chart =
        RenderedChart.values()
            .set("metrics.serviceMonitor.enabled", true)
            .set("metrics.serviceMonitor.labels", Map.of("release", "prometheus"))
            .render();

    var monitor = chart.get("ServiceMonitor", FULLNAME);
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("30s");

    var selector = monitor.at("/spec/selector");
    for (var service : chart.all("Service")) {
      var labels = service.at("/metadata/labels");
      selector
          .path("matchLabels")
          .properties()
          .forEach(label -> assertThat(labels.path(label.getKey())).isEqualTo(label.getValue()));
      assertThat(WorkloadsTest.texts(selector.at("/matchExpressions/0/values")))
          .contains(labels.path("app.kubernetes.io/component").asText());
      assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
    }
    assertThat(chart.all("Service")).hasSize(2);
  }
}
