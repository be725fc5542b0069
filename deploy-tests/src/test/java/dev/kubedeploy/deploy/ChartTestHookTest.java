package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static dev.kubedeploy.deploy.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The `helm test` hook: a restricted pod that calls the API through its Service. */
class ChartTestHookTest {

  @Test
  void theTestPodChecksReadinessAndAuthenticationThroughTheApiService() {
    var chart = RenderedChart.withTestValues();
    var pod = chart.get("Pod", FULLNAME + "-test-api");
    var service = chart.get("Service", FULLNAME + "-api");

    assertThat(pod.at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("test");
    var script = pod.at("/spec/containers/0/command/2").asText();
    var base =
        "http://"
            + FULLNAME
            + "-api."
            + NAMESPACE
            + ".svc:"
            + service.at("/spec/ports/0/port").asInt();
    assertThat(script).contains(base + "/q/health/ready").contains(base + "/api/v1/me");
    assertThat(script).contains("401");
  }

  @Test
  void theTestPodRunsUnderTheRestrictedPodSecurityStandard() {
    var pod = RenderedChart.withTestValues().get("Pod", FULLNAME + "-test-api");

    assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
    var container = pod.at("/spec/containers/0");
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(WorkloadsTest.texts(container.at("/securityContext/capabilities/drop")))
        .containsExactly("ALL");
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
  }
}
