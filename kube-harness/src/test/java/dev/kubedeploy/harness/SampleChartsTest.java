package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample charts behave as their README says, with the real helm of both majors, and the chart
 * repository serves them over HTTP with the digests its index records.
 */
class SampleChartsTest {

  private static KubeHarness harness;
  private static HttpServer repository;
  private static String repositoryUrl;

  @TempDir static Path helmHome;

  @BeforeAll
  static void start() {
    harness = KubeHarness.start();
    var root = HelmCli.projectRoot().resolve("deploy/sample-charts/repo").toAbsolutePath();
    repository =
        SimpleFileServer.createFileServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            root,
            SimpleFileServer.OutputLevel.NONE);
    repository.start();
    repositoryUrl = "http://127.0.0.1:" + repository.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    repository.stop(0);
    harness.close();
  }

  @AfterEach
  void clearFaults() {
    harness.faults().clear();
  }

  private static HelmCli helm(int major) {
    return new HelmCli(major, harness.kubeconfig(), helmHome.resolve("helm" + major));
  }

  @Test
  void theIndexRecordsTheSha256OfEachPublishedArchive() throws Exception {
    var http = HttpClient.newHttpClient();
    var index =
        new YAMLMapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(repositoryUrl + "/index.yaml")).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .body());

    for (var chart : new String[] {"webapp", "never-ready", "broken"}) {
      for (JsonNode entry : index.path("entries").path(chart)) {
        var archive =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(repositoryUrl + "/" + entry.path("urls").get(0).asText()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var digest =
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive.body()));
        assertThat(digest)
            .as(chart + " " + entry.path("version").asText())
            .isEqualTo(entry.path("digest").asText());
      }
    }
    assertThat(index.path("entries").path("webapp"))
        .extracting(e -> e.path("version").asText())
        .contains("0.1.0", "0.2.0");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void webappUpgradesFromTheRepositoryToItsNextVersionAndRollsThePods(int major) {
    var namespace = "repo-" + major;
    var helm = helm(major);
    var install =
        helm.run(
            "install",
            "shop",
            "webapp",
            "--repo",
            repositoryUrl,
            "--version",
            "0.1.0",
            "-n",
            namespace,
            "--create-namespace",
            "--wait",
            "--timeout",
            "30s");
    assertThat(install.succeeded()).as(install.output()).isTrue();
    var client = harness.client();
    var firstPod =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/instance", "shop")
            .list()
            .getItems()
            .get(0);
    assertThat(firstPod.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");

    var upgrade =
        helm.run(
            "upgrade",
            "shop",
            "webapp",
            "--repo",
            repositoryUrl,
            "--version",
            "0.2.0",
            "-n",
            namespace,
            "--wait",
            "--timeout",
            "30s");

    assertThat(upgrade.succeeded()).as(upgrade.output()).isTrue();
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(namespace)
                            .withLabel("app.kubernetes.io/instance", "shop")
                            .list()
                            .getItems())
                    .singleElement()
                    .satisfies(
                        pod -> {
                          assertThat(pod.getMetadata().getName())
                              .isNotEqualTo(firstPod.getMetadata().getName());
                          var container = pod.getSpec().getContainers().get(0);
                          assertThat(container.getImage()).isEqualTo("nginx:1.28");
                          assertThat(container.getEnv())
                              .anySatisfy(env -> assertThat(env.getValue()).isEqualTo("0.2.0"));
                        }));
    assertThat(helm.run("history", "shop", "-n", namespace).stdout())
        .contains("webapp-0.1.0")
        .contains("webapp-0.2.0");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void neverReadyTimesOutWaitingAndLeavesAFailedRelease(int major) {
    var namespace = "never-ready-" + major;

    var install =
        helm(major)
            .run(
                "install",
                "stuck",
                HelmCli.chart("never-ready").toString(),
                "-n",
                namespace,
                "--create-namespace",
                "--wait",
                "--timeout",
                "5s");

    assertThat(install.succeeded()).isFalse();
    assertThat(install.stderr()).containsAnyOf("context deadline exceeded", "timed out waiting");
    assertThat(helm(major).run("status", "stuck", "-n", namespace).stdout())
        .contains("STATUS: failed");
    var pods = harness.client().pods().inNamespace(namespace).list().getItems();
    assertThat(pods)
        .isNotEmpty()
        .allSatisfy(
            pod -> {
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
            });
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void brokenFailsToRenderBeforeTouchingTheCluster(int major) {
    var namespace = "broken-" + major;
    var chart = HelmCli.chart("broken").toString();

    var template = helm(major).run("template", "bad", chart);
    var install =
        helm(major).run("install", "bad", chart, "-n", namespace, "--create-namespace", "--wait");

    assertThat(template.succeeded()).isFalse();
    assertThat(template.stderr()).contains("nil pointer evaluating interface {}.host");
    assertThat(install.succeeded()).isFalse();
    assertThat(install.stderr()).contains("nil pointer evaluating interface {}.host");
    assertThat(harness.client().namespaces().withName(namespace).get()).isNull();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void waitingFailsWhenAFaultMakesThePodsCrash(int major) {
    var namespace = "crash-" + major;
    harness.faults().failPods(namespace, "web-webapp");

    var install =
        helm(major)
            .run(
                "install",
                "web",
                HelmCli.chart("webapp").toString(),
                "-n",
                namespace,
                "--create-namespace",
                "--wait",
                "--timeout",
                "5s");

    assertThat(install.succeeded()).isFalse();
    var pod = harness.client().pods().inNamespace(namespace).list().getItems().get(0);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("CrashLoopBackOff");
  }
}
