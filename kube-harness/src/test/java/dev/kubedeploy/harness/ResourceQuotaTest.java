package dev.kubedeploy.harness;

import static dev.kubedeploy.harness.AdmissionTestSupport.container;
import static dev.kubedeploy.harness.AdmissionTestSupport.newNamespace;
import static dev.kubedeploy.harness.AdmissionTestSupport.pod;
import static dev.kubedeploy.harness.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ResourceQuota admission as the Kubernetes documentation ("Resource Quotas") describes it, its
 * status kept by the quota controller, and the refusal of pods the simulated controllers create.
 */
class ResourceQuotaTest {

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

  private static String namespaceWithQuota(String... hard) {
    var name = newNamespace(client, "quota", Map.of());
    quota(name, "q", hard);
    return name;
  }

  private static void quota(String namespace, String name, String... hard) {
    client
        .resourceQuotas()
        .inNamespace(namespace)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withHard(quantities(hard))
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
  }

  private static Map<String, Quantity> quantities(String... pairs) {
    var values = new LinkedHashMap<String, Quantity>();
    for (var pair : pairs) {
      values.put(
          pair.substring(0, pair.indexOf('=')),
          new Quantity(pair.substring(pair.indexOf('=') + 1)));
    }
    return values;
  }

  @Test
  void aPodBeyondTheQuotasPodCountIsForbiddenWithTheApiServersWording() {
    var namespace = namespaceWithQuota("pods=2");
    var pods = client.pods().inNamespace(namespace);
    pods.resource(pod("p1", container("app"))).create();
    pods.resource(pod("p2", container("app"))).create();

    var refused = refusal(() -> pods.resource(pod("p3", container("app"))).create());

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
    assertThat(pods.list().getItems()).hasSize(2);
  }

  @Test
  void whileAQuotaLimitsCpuAndMemoryEveryContainerMustStateThem() {
    var namespace = namespaceWithQuota("limits.cpu=2", "limits.memory=1Gi");

    var refused =
        refusal(
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .resource(
                        pod("bare", container("app"), container("sidecar", "limits.cpu=100m")))
                    .create());

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"bare\" is forbidden: failed quota: q: must specify limits.cpu for: app; limits.memory for: app,sidecar");
  }

  @Test
  void computeRequestsAreSummedOverTheNamespacesPods() {
    var namespace = namespaceWithQuota("requests.cpu=1", "requests.memory=1Gi");
    var pods = client.pods().inNamespace(namespace);
    pods.resource(pod("first", container("app", "requests.cpu=600m", "requests.memory=512Mi")))
        .create();

    var refused =
        refusal(
            () ->
                pods.resource(
                        pod(
                            "second",
                            container("app", "requests.cpu=600m", "requests.memory=256Mi")))
                    .create());

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"second\" is forbidden: exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1");
  }

  @Test
  void plainCpuAndMemoryMeanRequestsAndLimitsAreCountedApart() {
    var namespace = namespaceWithQuota("cpu=500m", "limits.memory=128Mi");
    var pods = client.pods().inNamespace(namespace);

    pods.resource(
            pod(
                "fits",
                container("app", "requests.cpu=500m", "limits.cpu=2", "limits.memory=128Mi")))
        .create();
    var refused =
        refusal(
            () ->
                pods.resource(pod("over", container("app", "requests.cpu=1m", "limits.memory=1Mi")))
                    .create());

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"over\" is forbidden: exceeded quota: q, requested: cpu=1m,limits.memory=1Mi, used: cpu=500m,limits.memory=128Mi, limited: cpu=500m,limits.memory=128Mi");
  }

  @Test
  void objectCountsCoverEveryTypeAndServicesCountTheirLoadBalancersAndNodePorts() {
    var namespace =
        namespaceWithQuota(
            "configmaps=1",
            "count/deployments.apps=0",
            "services.loadbalancers=0",
            "services.nodeports=1");
    var configMaps = client.configMaps().inNamespace(namespace);
    configMaps
        .resource(new ConfigMapBuilder().withNewMetadata().withName("one").endMetadata().build())
        .create();

    var secondMap =
        refusal(
            () ->
                configMaps
                    .resource(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("two")
                            .endMetadata()
                            .build())
                    .create());
    var deployment =
        refusal(
            () ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .resource(deployment("web", 1))
                    .create());
    var loadBalancer =
        refusal(
            () ->
                client
                    .services()
                    .inNamespace(namespace)
                    .resource(service("lb", "LoadBalancer", 80))
                    .create());
    var nodePorts =
        refusal(
            () ->
                client
                    .services()
                    .inNamespace(namespace)
                    .resource(service("np", "NodePort", 80, 443))
                    .create());

    assertThat(secondMap.getStatus().getMessage())
        .endsWith(
            "exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");
    assertThat(deployment.getStatus().getMessage())
        .isEqualTo(
            "deployments.apps \"web\" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0");
    assertThat(loadBalancer.getStatus().getMessage())
        .contains("requested: services.loadbalancers=1");
    assertThat(nodePorts.getStatus().getMessage()).contains("requested: services.nodeports=2");
  }

  @Test
  void anUpdateThatGrowsUsageIsChargedSoAServiceCannotTurnIntoALoadBalancer() {
    var namespace = namespaceWithQuota("services.loadbalancers=0");
    var services = client.services().inNamespace(namespace);
    services.resource(service("web", "ClusterIP", 80)).create();

    var refused =
        refusal(
            () ->
                services
                    .withName("web")
                    .edit(
                        s ->
                            new ServiceBuilder(s)
                                .editSpec()
                                .withType("LoadBalancer")
                                .endSpec()
                                .build()));

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "services \"web\" is forbidden: exceeded quota: q, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0");
    assertThat(services.withName("web").get().getSpec().getType()).isEqualTo("ClusterIP");
  }

  @Test
  void theQuotaStatusReportsHardAndCurrentUsage() {
    var namespace = namespaceWithQuota("pods=10", "requests.cpu=2", "requests.memory=1Gi");
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            pod(
                "one",
                container("app", "requests.cpu=250m", "requests.memory=64Mi"),
                container("side", "requests.cpu=250m", "requests.memory=64Mi")))
        .create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var status =
                  client.resourceQuotas().inNamespace(namespace).withName("q").get().getStatus();
              assertThat(status.getHard()).containsEntry("pods", new Quantity("10"));
              assertThat(status.getUsed())
                  .containsEntry("pods", new Quantity("1"))
                  .containsEntry("requests.cpu", new Quantity("500m"))
                  .containsEntry("requests.memory", new Quantity("128Mi"));
            });
  }

  @Test
  void podsAReplicaSetCannotCreateMakeAReplicaFailureConditionAndAppearOnceTheQuotaIsRaised() {
    var namespace = namespaceWithQuota("pods=1");
    client.apps().deployments().inNamespace(namespace).resource(deployment("web", 2)).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var replicaSets =
                  client.apps().replicaSets().inNamespace(namespace).list().getItems();
              assertThat(replicaSets).hasSize(1);
              var failure =
                  replicaSets.get(0).getStatus().getConditions().stream()
                      .filter(c -> c.getType().equals("ReplicaFailure"))
                      .findFirst()
                      .orElseThrow();
              assertThat(failure.getStatus()).isEqualTo("True");
              assertThat(failure.getReason()).isEqualTo("FailedCreate");
              assertThat(failure.getMessage())
                  .contains(
                      "is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
              var deployment =
                  client.apps().deployments().inNamespace(namespace).withName("web").get();
              assertThat(deployment.getStatus().getConditions())
                  .anySatisfy(c -> assertThat(c.getType()).isEqualTo("ReplicaFailure"));
              assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("FailedCreate");
                        assertThat(e.getMessage()).startsWith("Error creating: pods \"web-");
                      });
            });
    assertThat(client.pods().inNamespace(namespace).list().getItems()).hasSize(1);

    quota(namespace, "q", "pods=2");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(client.pods().inNamespace(namespace).list().getItems()).hasSize(2);
              var replicaSet =
                  client.apps().replicaSets().inNamespace(namespace).list().getItems().get(0);
              assertThat(replicaSet.getStatus().getConditions()).isEmpty();
            });
  }

  @Test
  void aStatefulSetWhosePodIsRefusedReportsAFailedCreateEventAndHasNoPod() {
    var namespace = namespaceWithQuota("pods=0");
    var statefulSet =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("db")
            .withNewSelector()
            .addToMatchLabels("app", "db")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "db")
            .endMetadata()
            .withNewSpec()
            .withContainers(container("db"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
                          assertThat(e.getReason()).isEqualTo("FailedCreate");
                          assertThat(e.getMessage())
                              .startsWith(
                                  "create Pod db-0 in StatefulSet db failed error: pods \"db-0\" is forbidden: exceeded quota: q");
                        }));
    assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withContainers(container("app"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Service service(String name, String type, int... ports) {
    var builder =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withType(type);
    for (var port : ports) {
      builder.addNewPort().withName("p" + port).withPort(port).endPort();
    }
    return builder.endSpec().build();
  }
}
