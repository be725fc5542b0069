package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static dev.kubedeploy.deploy.RenderedChart.container;
import static dev.kubedeploy.deploy.RenderedChart.env;
import static dev.kubedeploy.deploy.RenderedChart.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Deployments and Job as rendered with the default values. */
class WorkloadsTest {

  private static final RenderedChart CHART = RenderedChart.withTestValues();

  private static JsonNode api() {
    return CHART.get("Deployment", FULLNAME + "-api");
  }

  private static JsonNode reconciler() {
    return CHART.get("Deployment", FULLNAME + "-reconciler");
  }

  private static List<JsonNode> podWorkloads() {
    var workloads = new ArrayList<>(CHART.all("Deployment"));
    workloads.addAll(CHART.all("Job"));
    return workloads;
  }

  @Test
  void reconcilerRunsTwoReplicasByDefault() {
    assertThat(reconciler().path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void servicesProbeTheQuarkusHealthEndpointsOnTheirHttpPort() {
    for (var deployment : List.of(api(), reconciler())) {
      var container = container(deployment);
      assertThat(container.at("/startupProbe/httpGet/path").asText())
          .isEqualTo("/q/health/started");
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
      assertThat(container.at("/readinessProbe/httpGet/path").asText())
          .isEqualTo("/q/health/ready");
      for (var probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        assertThat(container.path(probe).at("/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.path(probe).path("periodSeconds").asInt()).isPositive();
      }
    }
    assertThat(container(api()).at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container(reconciler()).at("/ports/0/containerPort").asInt()).isEqualTo(8081);
  }

  @Test
  void everyPodRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities() {
    for (var workload : podWorkloads()) {
      var pod = podSpec(workload).path("securityContext");
      assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
      assertThat(pod.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");

      var container = container(workload).path("securityContext");
      assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
      assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(texts(container.at("/capabilities/drop"))).containsExactly("ALL");
      assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
      assertThat(container.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    }
  }

  @Test
  void everyContainerWritesOnlyToEmptyDirsMountedAtTmpAndTheHelmWorkDirectory() {
    for (var workload : podWorkloads()) {
      assertThat(mountedEmptyDirs(workload)).containsEntry("/tmp", "tmp");
    }
    assertThat(mountedEmptyDirs(reconciler())).containsEntry("/var/lib/kubedeploy", "work");
    assertThat(
            CHART.get("ConfigMap", FULLNAME + "-reconciler").at("/data/APP_HELM_WORK_DIR").asText())
        .isEqualTo("/var/lib/kubedeploy/helm");
  }

  @Test
  void helmWorkDirectoryFollowsItsMountPath() {
    var chart = RenderedChart.values().set("reconciler.workDir.mountPath", "/work").render();

    var reconciler = chart.get("Deployment", FULLNAME + "-reconciler");
    assertThat(mountedEmptyDirs(reconciler)).containsEntry("/work", "work");
    assertThat(
            chart.get("ConfigMap", FULLNAME + "-reconciler").at("/data/APP_HELM_WORK_DIR").asText())
        .isEqualTo("/work/helm");
  }

  @Test
  void apiPodsGetNoServiceAccountTokenWhileTheReconcilerUsesItsOwn() {
    assertThat(podSpec(api()).path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(podSpec(api()).path("serviceAccountName").asText()).isEqualTo(FULLNAME + "-api");
    assertThat(
            CHART
                .get("ServiceAccount", FULLNAME + "-api")
                .path("automountServiceAccountToken")
                .asBoolean(true))
        .isFalse();

    assertThat(podSpec(reconciler()).path("serviceAccountName").asText())
        .isEqualTo(FULLNAME + "-reconciler");
    assertThat(podSpec(reconciler()).path("automountServiceAccountToken").asBoolean()).isTrue();
  }

  @Test
  void everyContainerRequestsCpuAndMemoryAndIsLimitedInMemory() {
    for (var workload : podWorkloads()) {
      var resources = container(workload).path("resources");
      assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
      assertThat(resources.at("/requests/memory").asText()).isNotEmpty();
      assertThat(resources.at("/limits/memory").asText()).isNotEmpty();
    }
  }

  @Test
  void bothServicesHaveADisruptionBudgetSelectingTheirPods() {
    for (var component : List.of("api", "reconciler")) {
      var budget = CHART.get("PodDisruptionBudget", FULLNAME + "-" + component);
      var deployment = CHART.get("Deployment", FULLNAME + "-" + component);

      assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
      var podLabels = deployment.at("/spec/template/metadata/labels");
      budget
          .at("/spec/selector/matchLabels")
          .properties()
          .forEach(label -> assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue()));
      assertThat(budget.at("/spec/selector/matchLabels"))
          .isEqualTo(deployment.at("/spec/selector/matchLabels"));
    }
  }

  @Test
  void minAvailableReplacesMaxUnavailableInTheBudget() {
    var chart = RenderedChart.values().set("api.podDisruptionBudget.minAvailable", "50%").render();

    var budget = chart.get("PodDisruptionBudget", FULLNAME + "-api").path("spec");
    assertThat(budget.path("minAvailable").asText()).isEqualTo("50%");
    assertThat(budget.has("maxUnavailable")).isFalse();
  }

  @Test
  void disabledBudgetsAreNotRendered() {
    var chart =
        RenderedChart.values()
            .set("api.podDisruptionBudget.enabled", false)
            .set("reconciler.podDisruptionBudget.enabled", false)
            .render();

    assertThat(chart.all("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void servicesExposeTheApiAndTheReconcilersMetricsPort() {
    var api = CHART.get("Service", FULLNAME + "-api");
    assertThat(api.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(api.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(api.at("/spec/selector")).isEqualTo(api().at("/spec/selector/matchLabels"));

    var reconciler = CHART.get("Service", FULLNAME + "-reconciler");
    assertThat(reconciler.at("/spec/ports/0/port").asInt()).isEqualTo(8081);
    assertThat(reconciler.at("/spec/selector"))
        .isEqualTo(reconciler().at("/spec/selector/matchLabels"));
  }

  /**
   * The reconciler queue's drain at its defaults: grace period (20 s) + kill wait (30 s) + 10 s to
   * join its threads (docs/operations.md, the timeouts table).
   */
  private static final Duration QUEUE_DRAIN = Duration.ofSeconds(60);

  @Test
  void reconcilerGetsTimeToFinishRequestsAndRunningJobsOnShutdown() {
    var timeout = serviceDuration("reconciler", "quarkus.shutdown.timeout");

    assertThat(timeout).isPositive();
    assertThat(grace(reconciler())).isGreaterThan(timeout.plus(QUEUE_DRAIN));
  }

  @Test
  void apiGetsTimeToLeaveTheEndpointsAndFinishRequestsInFlightOnShutdown() {
    var delay = serviceDuration("api", "quarkus.shutdown.delay");
    var timeout = serviceDuration("api", "quarkus.shutdown.timeout");

    assertThat(delay).isPositive();
    assertThat(timeout).isPositive();
    assertThat(grace(api())).isGreaterThan(delay.plus(timeout));
  }

  private static Duration grace(JsonNode workload) {
    return Duration.ofSeconds(podSpec(workload).path("terminationGracePeriodSeconds").asLong());
  }

  /**
   * A duration setting of a service as its pods get it: the environment variable from the chart's
   * ConfigMap when set there, otherwise the service's application.properties.
   */
  private static Duration serviceDuration(String component, String key) {
    var variable = key.toUpperCase(Locale.ROOT).replace('.', '_');
    var fromChart = CHART.get("ConfigMap", FULLNAME + "-" + component).path("data").path(variable);
    if (!fromChart.isMissingNode()) {
      return durationOf(fromChart.asText());
    }
    var properties = new Properties();
    try (var reader =
        Files.newBufferedReader(
            Repository.path(component + "-service/src/main/resources/application.properties"))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return durationOf(properties.getProperty(key, "0s"));
  }

  /** Quarkus's short form of a duration ({@code 5s}, {@code 2m}). */
  private static Duration durationOf(String value) {
    return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
  }

  @Test
  void changedConfigurationRollsThePods() {
    var changed =
        RenderedChart.values().set("api.config", Map.of("QUARKUS_LOG_LEVEL", "DEBUG")).render();

    assertThat(checksum(changed.get("Deployment", FULLNAME + "-api"), "checksum/config"))
        .isNotEqualTo(checksum(api(), "checksum/config"));
    assertThat(checksum(changed.get("Deployment", FULLNAME + "-reconciler"), "checksum/config"))
        .isEqualTo(checksum(reconciler(), "checksum/config"));
  }

  @Test
  void changedDatabasePasswordRollsBothServices() {
    var changed = RenderedChart.values().set("database.password", "rotated").render();

    for (var name : List.of(FULLNAME + "-api", FULLNAME + "-reconciler")) {
      assertThat(checksum(changed.get("Deployment", name), "checksum/secret"))
          .isNotEqualTo(checksum(CHART.get("Deployment", name), "checksum/secret"));
    }
  }

  @Test
  void imagesAreTheNativeBuildsTaggedWithTheAppVersionByDefault() {
    assertThat(container(api()).path("image").asText()).isEqualTo("kubedeploy/api-service:0.1.0");
    assertThat(container(reconciler()).path("image").asText())
        .isEqualTo("kubedeploy/reconciler-service:0.1.0");
    assertThat(env(container(api()), "JAVA_OPTS_APPEND").isMissingNode()).isTrue();
  }

  @Test
  void jvmFlavorUsesTheJvmImagesAndPassesJvmOptions() {
    var chart =
        RenderedChart.values()
            .set("image.flavor", "jvm")
            .set("image.jvmOptions", "-XX:MaxRAMPercentage=75")
            .render();

    var api = container(chart.get("Deployment", FULLNAME + "-api"));
    assertThat(api.path("image").asText()).isEqualTo("kubedeploy/api-service:0.1.0-jvm");
    assertThat(env(api, "JAVA_OPTS_APPEND").path("value").asText())
        .isEqualTo(
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAMPercentage=75");
  }

  @Test
  void registryTagAndDigestShapeTheImageReference() {
    var digest = "sha256:" + "a".repeat(64);
    var chart =
        RenderedChart.values()
            .set("image.registry", "registry.example.com/platform/")
            .set("image.tag", "1.2.3")
            .set("reconciler.image.digest", digest)
            .render();

    assertThat(container(chart.get("Deployment", FULLNAME + "-api")).path("image").asText())
        .isEqualTo("registry.example.com/platform/kubedeploy/api-service:1.2.3");
    assertThat(container(chart.get("Deployment", FULLNAME + "-reconciler")).path("image").asText())
        .isEqualTo("registry.example.com/platform/kubedeploy/reconciler-service@" + digest);
  }

  @Test
  void schedulingValuesReachThePods() {
    var toleration = Map.of("key", "dedicated", "operator", "Exists", "effect", "NoSchedule");
    var chart =
        RenderedChart.values()
            .set("reconciler.nodeSelector", Map.of("pool", "platform"))
            .set("reconciler.tolerations", List.of(toleration))
            .set("reconciler.priorityClassName", "platform-critical")
            .set("api.podAnnotations", Map.of("team", "platform"))
            .render();

    var reconciler = podSpec(chart.get("Deployment", FULLNAME + "-reconciler"));
    assertThat(reconciler.at("/nodeSelector/pool").asText()).isEqualTo("platform");
    assertThat(reconciler.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(reconciler.path("priorityClassName").asText()).isEqualTo("platform-critical");
    assertThat(
            chart
                .get("Deployment", FULLNAME + "-api")
                .at("/spec/template/metadata/annotations/team")
                .asText())
        .isEqualTo("platform");
  }

  private static String checksum(JsonNode deployment, String annotation) {
    return deployment.at("/spec/template/metadata/annotations").path(annotation).asText();
  }

  /** Mount path to volume name, for the container's mounts of emptyDir volumes. */
  private static Map<String, String> mountedEmptyDirs(JsonNode workload) {
    var emptyDirs =
        StreamSupport.stream(podSpec(workload).path("volumes").spliterator(), false)
            .filter(volume -> volume.has("emptyDir"))
            .map(volume -> volume.path("name").asText())
            .toList();
    var mounts = new HashMap<String, String>();
    for (var mount : container(workload).path("volumeMounts")) {
      var volume = mount.path("name").asText();
      if (emptyDirs.contains(volume)) {
        mounts.put(mount.path("mountPath").asText(), volume);
      }
    }
    return mounts;
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
