package dev.kubedeploy.harness;

import static dev.kubedeploy.harness.AdmissionTestSupport.container;
import static dev.kubedeploy.harness.AdmissionTestSupport.newNamespace;
import static dev.kubedeploy.harness.AdmissionTestSupport.pod;
import static dev.kubedeploy.harness.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.resource.Json;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pod Security Admission as the Kubernetes documentation ("Pod Security Admission", "Pod Security
 * Standards", "Enforce Pod Security Standards with Namespace Labels") describes it.
 */
class PodSecurityTest {

  private static KubeHarness harness;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = KubeHarness.start();
    client = harness.client();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String namespace(Map<String, String> labels) {
    return newNamespace(client, "psa", labels);
  }

  private static Pod restrictedPod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(
            new ContainerBuilder()
                .withName("app")
                .withImage("nginx")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .withAdd("NET_BIND_SERVICE")
                .endCapabilities()
                .endSecurityContext()
                .build())
        .endSpec()
        .build();
  }

  @Test
  void aPodViolatingTheEnforcedRestrictedLevelIsForbiddenWithEveryReason() {
    var namespace = namespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));

    var refused =
        refusal(
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .resource(pod("plain", container("app")))
                    .create());

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"plain\" is forbidden: violates PodSecurity \"restricted:latest\":"
                + " allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false),"
                + " unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]),"
                + " runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true),"
                + " seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  }

  @Test
  void aPodMeetingTheRestrictedStandardIsAdmitted() {
    var namespace =
        namespace(
            Map.of(
                "pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/enforce-version", "latest"));

    var created = client.pods().inNamespace(namespace).resource(restrictedPod("hardened")).create();

    assertThat(created.getMetadata().getUid()).isNotEmpty();
  }

  @Test
  void theBaselineLevelRefusesHostNamespacesPrivilegeHostPathsAndAddedCapabilities() {
    var namespace = namespace(Map.of("pod-security.kubernetes.io/enforce", "baseline"));
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("node-agent")
            .endMetadata()
            .withNewSpec()
            .withHostNetwork(true)
            .withHostPID(true)
            .addNewVolume()
            .withName("root")
            .withNewHostPath()
            .withPath("/")
            .endHostPath()
            .endVolume()
            .withContainers(
                new ContainerBuilder()
                    .withName("agent")
                    .withImage("agent")
                    .withNewSecurityContext()
                    .withPrivileged(true)
                    .withNewCapabilities()
                    .withAdd("SYS_ADMIN", "CHOWN")
                    .endCapabilities()
                    .endSecurityContext()
                    .addNewPort()
                    .withContainerPort(80)
                    .withHostPort(8080)
                    .endPort()
                    .build())
            .endSpec()
            .build();

    var refused = refusal(() -> client.pods().inNamespace(namespace).resource(pod).create());

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"node-agent\" is forbidden: violates PodSecurity \"baseline:latest\":"
                + " host namespaces (hostNetwork=true, hostPID=true),"
                + " privileged (container \"agent\" must not set securityContext.privileged=true),"
                + " non-default capabilities (container \"agent\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add),"
                + " hostPath volumes (volume \"root\"),"
                + " hostPort (container \"agent\" uses hostPort 8080)");
  }

  @Test
  void theBaselineLevelAdmitsAnOrdinaryPod() {
    var namespace = namespace(Map.of("pod-security.kubernetes.io/enforce", "baseline"));

    var created =
        client.pods().inNamespace(namespace).resource(pod("ordinary", container("app"))).create();

    assertThat(created.getMetadata().getUid()).isNotEmpty();
  }

  @Test
  void theWarnLevelAdmitsAndWarns() {
    var namespace =
        namespace(
            Map.of(
                "pod-security.kubernetes.io/enforce", "baseline",
                "pod-security.kubernetes.io/warn", "restricted"));

    var response =
        post("/api/v1/namespaces/" + namespace + "/pods", pod("warned", container("app")));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Warning"))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .startsWith(
                        "299 - \"would violate PodSecurity \\\"restricted:latest\\\": allowPrivilegeEscalation != false"));
  }

  @Test
  void aDeploymentWhoseTemplateViolatesTheEnforcedLevelIsStoredWithAWarningAndItsPodsAreRefused() {
    var namespace = namespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .withContainers(container("app"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    var response = post("/apis/apps/v1/namespaces/" + namespace + "/deployments", deployment);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Warning"))
        .hasValueSatisfying(
            w -> assertThat(w).contains("would violate PodSecurity \\\"restricted:latest\\\""));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.apps().replicaSets().inNamespace(namespace).list().getItems())
                    .singleElement()
                    .satisfies(
                        rs ->
                            assertThat(rs.getStatus().getConditions())
                                .anySatisfy(
                                    c -> {
                                      assertThat(c.getType()).isEqualTo("ReplicaFailure");
                                      assertThat(c.getMessage())
                                          .contains("violates PodSecurity \"restricted:latest\"");
                                    })));
    assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void aPrivilegedOrUnlabelledNamespaceAdmitsAnything() {
    var namespace = namespace(Map.of("pod-security.kubernetes.io/enforce", "privileged"));
    var pod =
        new PodBuilder(pod("anything", container("app")))
            .editSpec()
            .withHostNetwork(true)
            .endSpec()
            .build();

    var created = client.pods().inNamespace(namespace).resource(pod).create();

    assertThat(created.getMetadata().getUid()).isNotEmpty();
  }

  private static HttpResponse<String> post(String target, Object body) {
    return HarnessHttp.send(
        HarnessHttp.request(harness, target)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.write(Json.MAPPER.valueToTree(body)), StandardCharsets.UTF_8))
            .build());
  }
}
