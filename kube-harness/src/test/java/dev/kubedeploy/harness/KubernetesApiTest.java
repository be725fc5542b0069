package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.protobuf.SecretProtobufTest;
import dev.kubedeploy.harness.resource.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API as the Fabric8 client and raw HTTP see it, and the simulated controllers behind it. */
class KubernetesApiTest {

  @RegisterExtension static final HarnessPerClass cluster = new HarnessPerClass("api");

  @Test
  void listsAreTypedJsonWithAResourceVersion() {
    var response =
        HarnessHttp.get(
            cluster.harness(), "/api/v1/namespaces/default/serviceaccounts?timeout=32s");

    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    var list = Json.parseObject(response.body());
    assertThat(list.path("kind").asText()).isEqualTo("ServiceAccountList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.path("metadata").path("resourceVersion").asLong()).isPositive();
    assertThat(list.path("items"))
        .anySatisfy(
            item -> assertThat(item.path("metadata").path("name").asText()).isEqualTo("default"));
    assertThat(cluster.client().apps().deployments().inAnyNamespace().list().getKind())
        .isEqualTo("DeploymentList");
  }

  @Test
  void errorsAreStatusObjects() {
    var response =
        HarnessHttp.get(cluster.harness(), "/api/v1/namespaces/default/configmaps/missing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    var status = Json.parseObject(response.body());
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("NotFound");
    assertThat(HarnessHttp.get(cluster.harness(), "/apis/example.com/v1/widgets").statusCode())
        .isEqualTo(404);
  }

  @Test
  void discoveryAndOpenApiDescribeTheServedTypes() {
    var apps =
        Json.parseObject(HarnessHttp.get(cluster.harness(), "/apis/apps/v1?timeout=32s").body());
    assertThat(apps.path("resources"))
        .extracting(resource -> resource.path("name").asText())
        .contains(
            "deployments",
            "deployments/status",
            "deployments/scale",
            "statefulsets",
            "replicasets");
    var groups = Json.parseObject(HarnessHttp.get(cluster.harness(), "/apis").body());
    assertThat(groups.path("groups"))
        .extracting(group -> group.path("name").asText())
        .contains("apps", "batch", "networking.k8s.io", "policy", "autoscaling");

    var root = Json.parseObject(HarnessHttp.get(cluster.harness(), "/openapi/v3").body());
    var coreUrl = root.path("paths").path("api/v1").path("serverRelativeURL").asText();
    var core = Json.parseObject(HarnessHttp.get(cluster.harness(), coreUrl).body());
    var namespacePatch = core.path("paths").path("/api/v1/namespaces/{name}").path("patch");
    assertThat(namespacePatch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("Namespace");
    assertThat(namespacePatch.path("parameters"))
        .extracting(parameter -> parameter.path("name").asText())
        .contains("fieldValidation");
  }

  @Test
  void setBasedAndExistenceSelectorsFilterLists() {
    var namespace = cluster.newNamespace();
    createConfigMap(namespace, "prod", Map.of("env", "prod"));
    createConfigMap(namespace, "dev", Map.of("env", "dev"));
    createConfigMap(namespace, "plain", Map.of());
    var configMaps = cluster.client().configMaps().inNamespace(namespace);

    assertThat(names(configMaps.withLabelIn("env", "prod", "staging").list().getItems()))
        .containsExactly("prod");
    assertThat(names(configMaps.withLabelNotIn("env", "prod").list().getItems()))
        .containsExactlyInAnyOrder("dev", "plain");
    assertThat(names(configMaps.withLabel("env").list().getItems()))
        .containsExactlyInAnyOrder("prod", "dev");
    assertThat(names(configMaps.withoutLabel("env").list().getItems())).containsExactly("plain");
    assertThat(names(configMaps.withField("metadata.name", "dev").list().getItems()))
        .containsExactly("dev");
  }

  @Test
  void aProtobufReleaseSecretIsStoredAndReadAsJson() {
    // the encoded Secret names namespace "shop"
    cluster
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    var body = SecretProtobufTest.helmReleaseSecret("release".getBytes(StandardCharsets.UTF_8));

    var response =
        HarnessHttp.post(
            cluster.harness(),
            "/api/v1/namespaces/shop/secrets",
            "application/vnd.kubernetes.protobuf",
            body);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    var secret =
        cluster.client().secrets().inNamespace("shop").withName("sh.helm.release.v1.web.v1").get();
    assertThat(secret.getType()).isEqualTo("helm.sh/release.v1");
    assertThat(secret.getMetadata().getLabels()).containsEntry("owner", "helm");
    assertThat(
            cluster
                .client()
                .secrets()
                .inNamespace("shop")
                .withLabel("owner", "helm")
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  void protobufBodiesOfOtherKindsAreRefused() {
    var namespace = cluster.newNamespace();
    var body = SecretProtobufTest.helmReleaseSecret(new byte[0]);

    var response =
        HarnessHttp.post(
            cluster.harness(),
            "/api/v1/namespaces/" + namespace + "/configmaps",
            "application/vnd.kubernetes.protobuf",
            body);

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void objectsCannotBeCreatedInAMissingNamespace() {
    assertThatThrownBy(() -> createConfigMap("nowhere", "x", Map.of()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aDeploymentRunsReadyPodsWithTheStatusHelmReads() {
    var namespace = cluster.newNamespace();
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(deployment("web", 2))
        .create();

    await()
        .untilAsserted(
            () -> {
              var status = cluster.deploymentStatus(namespace, "web");
              assertThat(status.getReadyReplicas()).isEqualTo(2);
              assertThat(status.getUpdatedReplicas()).isEqualTo(2);
              assertThat(status.getAvailableReplicas()).isEqualTo(2);
              assertThat(status.getObservedGeneration()).isEqualTo(1);
              assertThat(status.getConditions())
                  .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
            });
    var replicaSets =
        cluster.client().apps().replicaSets().inNamespace(namespace).list().getItems();
    assertThat(replicaSets)
        .singleElement()
        .satisfies(
            rs -> {
              assertThat(rs.getMetadata().getLabels()).containsKey("pod-template-hash");
              assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(2);
            });
    assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isEqualTo("kube-harness-node");
              assertThat(pod.getStatus().getPodIP()).startsWith("10.244.");
            });
  }

  @Test
  void anUpdateRollsThePodsAndAReplaceKeepsTheStatus() {
    var namespace = cluster.newNamespace();
    var deployments = cluster.client().apps().deployments().inNamespace(namespace);
    deployments.resource(deployment("web", 1)).create();
    await().until(() -> readyReplicas(deployments.withName("web").get()) == 1);
    var oldPods = names(cluster.client().pods().inNamespace(namespace).list().getItems());

    var current = deployments.withName("web").get();
    current.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
    var replaced = deployments.resource(current).update();

    assertThat(replaced.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(replaced.getMetadata().getGeneration()).isEqualTo(2);
    await()
        .untilAsserted(
            () -> {
              var pods = cluster.client().pods().inNamespace(namespace).list().getItems();
              assertThat(names(pods)).hasSize(1).doesNotContainAnyElementsOf(oldPods);
              assertThat(pods.get(0).getSpec().getContainers().get(0).getImage())
                  .isEqualTo("nginx:1.28");
              assertThat(deployments.withName("web").get().getStatus().getObservedGeneration())
                  .isEqualTo(2);
            });
    assertThat(cluster.client().apps().replicaSets().inNamespace(namespace).list().getItems())
        .hasSize(2);
  }

  @Test
  void scalingToZeroAndBackMovesThePods() {
    var namespace = cluster.newNamespace();
    var web =
        cluster.client().apps().deployments().inNamespace(namespace).resource(deployment("web", 1));
    web.create();
    await().until(() -> readyReplicas(web.get()) == 1);

    web.scale(0);
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
                  .isEmpty();
              assertThat(web.get().getStatus().getReplicas()).isZero();
            });

    web.scale(3);
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
                  .hasSize(3);
              assertThat(readyReplicas(web.get())).isEqualTo(3);
            });
  }

  @Test
  void serverSideApplyCreatesUpdatesAndDropsWhatIsNoLongerApplied() {
    var namespace = cluster.newNamespace();
    var configMaps = cluster.client().configMaps().inNamespace(namespace);
    var first =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .endMetadata()
            .addToData("a", "1")
            .addToData("b", "2")
            .build();
    configMaps.resource(first).fieldManager("platform").forceConflicts().serverSideApply();
    configMaps
        .withName("settings")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("other", "x").build());

    var second =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .endMetadata()
            .addToData("a", "10")
            .build();
    configMaps.resource(second).fieldManager("platform").forceConflicts().serverSideApply();

    assertThat(configMaps.withName("settings").get().getData())
        .containsEntry("a", "10")
        .containsEntry("other", "x")
        .doesNotContainKey("b");
  }

  @Test
  void aStrategicMergePatchMergesContainersByName() {
    var namespace = cluster.newNamespace();
    var twoContainers =
        new DeploymentBuilder(deployment("web", 1))
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewContainer()
            .withName("sidecar")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    var web = cluster.client().apps().deployments().inNamespace(namespace).resource(twoContainers);
    web.create();

    web.patch(
        PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}}}");

    var containers = web.get().getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers)
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("web=nginx:1.28", "sidecar=busybox");
  }

  @Test
  void deletingADeploymentCollectsItsReplicaSetsAndPods() {
    var namespace = cluster.newNamespace();
    var web =
        cluster.client().apps().deployments().inNamespace(namespace).resource(deployment("web", 2));
    web.create();
    await()
        .until(() -> cluster.client().pods().inNamespace(namespace).list().getItems().size() == 2);

    web.delete();

    await()
        .untilAsserted(
            () -> {
              assertThat(
                      cluster
                          .client()
                          .apps()
                          .replicaSets()
                          .inNamespace(namespace)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
                  .isEmpty();
            });
  }

  @Test
  void deletingANamespaceEmptiesAndRemovesIt() {
    var namespace = cluster.newNamespace();
    createConfigMap(namespace, "settings", Map.of());
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(deployment("web", 1))
        .create();

    cluster.client().namespaces().withName(namespace).delete();

    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.client().namespaces().withName(namespace).get()).isNull();
              assertThat(cluster.client().configMaps().inNamespace(namespace).list().getItems())
                  .isEmpty();
              assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
                  .isEmpty();
            });
  }

  @Test
  void aWatchSeesObjectsAddedModifiedAndDeleted() {
    var namespace = cluster.newNamespace();
    var seen = new CopyOnWriteArrayList<String>();
    try (var watch =
        cluster
            .client()
            .configMaps()
            .inNamespace(namespace)
            .watch(
                new Watcher<ConfigMap>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap resource) {
                    seen.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      createConfigMap(namespace, "watched", Map.of());
      cluster
          .client()
          .configMaps()
          .inNamespace(namespace)
          .withName("watched")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v").build());
      cluster.client().configMaps().inNamespace(namespace).withName("watched").delete();

      await()
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsSubsequence("ADDED watched", "MODIFIED watched", "DELETED watched"));
    }
  }

  @Test
  void aStatefulSetRunsOrderedPodsWithClaims() {
    var namespace = cluster.newNamespace();
    var set =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withServiceName("db")
            .withNewSelector()
            .addToMatchLabels("app", "db")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "db")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("db")
            .withImage("postgres:17")
            .endContainer()
            .endSpec()
            .endTemplate()
            .addNewVolumeClaimTemplate()
            .withNewMetadata()
            .withName("data")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("1Gi"))
            .endResources()
            .endSpec()
            .endVolumeClaimTemplate()
            .endSpec()
            .build();

    cluster.client().apps().statefulSets().inNamespace(namespace).resource(set).create();

    await()
        .untilAsserted(
            () -> {
              var status =
                  cluster
                      .client()
                      .apps()
                      .statefulSets()
                      .inNamespace(namespace)
                      .withName("db")
                      .get()
                      .getStatus();
              assertThat(status.getReadyReplicas()).isEqualTo(2);
              assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision());
            });
    assertThat(names(cluster.client().pods().inNamespace(namespace).list().getItems()))
        .containsExactly("db-0", "db-1");
    assertThat(cluster.client().persistentVolumeClaims().inNamespace(namespace).list().getItems())
        .extracting(claim -> claim.getMetadata().getName() + ":" + claim.getStatus().getPhase())
        .containsExactly("data-db-0:Bound", "data-db-1:Bound");
  }

  private static void createConfigMap(String namespace, String name, Map<String, String> labels) {
    cluster
        .client()
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  static Deployment deployment(String name, int replicas) {
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
        .addNewContainer()
        .withName(name)
        .withImage("nginx:1.27")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static int readyReplicas(Deployment deployment) {
    var ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    return ready == null ? 0 : ready;
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }
}
