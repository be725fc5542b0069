package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** api.autoscaling and api.ingress: scaling and exposing the api-service. */
class ApiExposureTest {

  @Test
  void noAutoscalerAndNoIngressUnlessAsked() {
    var chart = RenderedChart.withTestValues();

    assertThat(chart.all("HorizontalPodAutoscaler")).isEmpty();
    assertThat(chart.all("Ingress")).isEmpty();
    assertThat(chart.get("Deployment", FULLNAME + "-api").at("/spec/replicas").asInt())
        .isEqualTo(2);
  }

  @Test
  void theAutoscalerOwnsTheReplicasOfTheApiDeployment() {
    var chart = RenderedChart.values().file("all-options-values.yaml").render();

    var api = chart.get("Deployment", FULLNAME + "-api");
    assertThat(api.at("/spec").has("replicas")).isFalse();
    var autoscaler = chart.get("HorizontalPodAutoscaler", FULLNAME + "-api");
    assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo(FULLNAME + "-api");
    assertThat(autoscaler.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(autoscaler.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
    assertThat(autoscaler.at("/spec/metrics/1/resource/target/averageUtilization").asInt())
        .isEqualTo(80);
    assertThat(chart.get("Deployment", FULLNAME + "-reconciler").at("/spec/replicas").asInt())
        .isEqualTo(2);
  }

  @Test
  void theIngressRoutesItsHostsToTheApiServicePort() {
    var chart = RenderedChart.values().file("all-options-values.yaml").render();

    var ingress = chart.get("Ingress", FULLNAME + "-api");
    assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("kubedeploy-tls");
    var path = ingress.at("/spec/rules/0/http/paths/0");
    assertThat(path.path("path").asText()).isEqualTo("/api");
    var backend = path.at("/backend/service");
    var service = chart.get("Service", backend.path("name").asText());
    assertThat(service.at("/spec/ports/0/name").asText())
        .isEqualTo(backend.at("/port/name").asText());
    assertThat(service.at("/metadata/labels/app.kubernetes.io~1component").asText())
        .isEqualTo("api");
  }
}
