package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.HelmBinary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart resolution with the real helm against a chart repository and an OCI registry served on
 * localhost; no cluster needed.
 */
class ChartResolverTest {

  @TempDir Path folder;
  private StaticHttpServer server;
  private Path charts;
  private byte[] archive;
  private String archiveDigest;

  @BeforeEach
  void packageAChart() throws Exception {
    server = new StaticHttpServer();
    charts = Files.createDirectories(folder.resolve("charts"));
    var chart = Files.createDirectories(charts.resolve("printer/templates"));
    Files.writeString(
        charts.resolve("printer/Chart.yaml"), "apiVersion: v2\nname: printer\nversion: 0.1.0\n");
    Files.writeString(charts.resolve("printer/values.yaml"), "message: hello\n");
    Files.writeString(chart.resolve("configmap.yaml"), "kind: ConfigMap\n");
    helm("package", charts.resolve("printer").toString(), "--destination", charts.toString());
    archive = Files.readAllBytes(charts.resolve("printer-0.1.0.tgz"));
    archiveDigest = ChartDigests.ofFile(charts.resolve("printer-0.1.0.tgz"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ChartResolver resolver(TestHelmConfig config) {
    return new ChartResolver(
        new HelmCli(config, new HelmCallTimer(new SimpleMeterRegistry())), config);
  }

  private ChartResolver resolver() {
    return resolver(
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"))
            .withLocalChartDir(charts));
  }

  private void publishIndex(String digest) {
    var index =
        """
        apiVersion: v1
        entries:
          printer:
          - apiVersion: v2
            name: printer
            version: 0.1.0
            digest: %s
            urls:
            - printer-0.1.0.tgz
        """
            .formatted(digest);
    server.serve("/repo/index.yaml", index.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private String repositoryRef() {
    return server.uri() + "/repo#printer";
  }

  @Test
  void aRepositoryChartIsDownloadedOnceVerifiedAndThenServedFromTheCache() {
    publishIndex(archiveDigest.substring("sha256:".length()));
    server.serve("/repo/printer-0.1.0.tgz", archive, Map.of());
    var resolver = resolver();

    var first = resolver.resolve(repositoryRef(), "0.1.0", archiveDigest);
    var second = resolver.resolve(repositoryRef(), "0.1.0", archiveDigest);

    assertThat(first).isEqualTo(second);
    assertThat(ChartDigests.ofFile(first.path())).isEqualTo(archiveDigest);
    assertThat(server.requestsFor("/repo/printer-0.1.0.tgz")).isEqualTo(1);
  }

  @Test
  void anIndexThatPublishesAnotherDigestIsAMismatchAndNothingIsDownloaded() {
    publishIndex("cd".repeat(32));
    server.serve("/repo/printer-0.1.0.tgz", archive, Map.of());

    assertThatThrownBy(() -> resolver().resolve(repositoryRef(), "0.1.0", archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
    assertThat(server.requestsFor("/repo/printer-0.1.0.tgz")).isZero();
  }

  @Test
  void anArchiveThatIsNotWhatTheIndexPublishesIsAMismatch() {
    publishIndex(archiveDigest);
    var tampered = archive.clone();
    tampered[tampered.length - 1] ^= 1;
    server.serve("/repo/printer-0.1.0.tgz", tampered, Map.of());

    assertThatThrownBy(() -> resolver().resolve(repositoryRef(), "0.1.0", archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch for printer 0.1.0");
  }

  @Test
  void aVersionTheRepositoryDoesNotHaveIsNotFound() {
    publishIndex(archiveDigest);

    assertThatThrownBy(() -> resolver().resolve(repositoryRef(), "9.9.9", archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart not found");
  }

  @Test
  void aRemoteChartWithoutAPinnedDigestIsRefused() {
    assertThatThrownBy(() -> resolver().resolve(repositoryRef(), "0.1.0", null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart_digest");
  }

  @Test
  void anOciChartIsVerifiedByItsManifestDigest() throws Exception {
    var manifestDigest = publishOci();
    var config =
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"))
            .withOciPlainHttp();
    var reference = "oci://" + server.hostAndPort() + "/charts/printer";

    var resolved = resolver(config).resolve(reference, "0.1.0", manifestDigest);

    assertThat(resolved.digest()).isEqualTo(manifestDigest);
    assertThat(Files.readAllBytes(resolved.path())).isEqualTo(archive);
    assertThatThrownBy(
            () -> resolver(config).resolve(reference, "0.1.0", "sha256:" + "0".repeat(64)))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
  }

  @Test
  void aLocalFolderIsUsedInPlaceAndCheckedWhenADigestIsPinned() {
    var resolver = resolver();
    var folderDigest = ChartDigests.ofFolder(charts.resolve("printer"));

    assertThat(resolver.resolve("printer", null, null).path()).isEqualTo(charts.resolve("printer"));
    assertThat(resolver.resolve("printer", null, folderDigest).digest()).isEqualTo(folderDigest);
    assertThat(resolver.resolve("printer-0.1.0.tgz", null, archiveDigest).digest())
        .isEqualTo(archiveDigest);
    assertThatThrownBy(() -> resolver.resolve("printer", null, archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
  }

  @Test
  void localReferencesStayInsideTheLocalChartFolder() {
    assertThatThrownBy(() -> resolver().resolve("../work", null, null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("outside app.helm.local-chart-dir");
    var withoutFolder =
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"));
    assertThatThrownBy(() -> resolver(withoutFolder).resolve("printer", null, null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("app.helm.local-chart-dir is not set");
  }

  /** Publishes the archive as an OCI artifact the way a registry serves a pushed Helm chart. */
  private String publishOci() {
    var configBlob =
        "{\"apiVersion\":\"v2\",\"name\":\"printer\",\"version\":\"0.1.0\"}"
            .getBytes(StandardCharsets.UTF_8);
    var configDigest = ChartDigests.ofText(new String(configBlob, StandardCharsets.UTF_8));
    var manifest =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"%s","size":%d},
         "layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                    "digest":"%s","size":%d}]}
        """
            .formatted(configDigest, configBlob.length, archiveDigest, archive.length)
            .getBytes(StandardCharsets.UTF_8);
    var manifestDigest = ChartDigests.ofText(new String(manifest, StandardCharsets.UTF_8));
    var manifestHeaders =
        Map.of(
            "Content-Type",
            "application/vnd.oci.image.manifest.v1+json",
            "Docker-Content-Digest",
            manifestDigest);
    server.serve("/v2/", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    server.serve("/v2/charts/printer/manifests/0.1.0", manifest, manifestHeaders);
    server.serve("/v2/charts/printer/manifests/" + manifestDigest, manifest, manifestHeaders);
    server.serve("/v2/charts/printer/blobs/" + configDigest, configBlob, Map.of());
    server.serve("/v2/charts/printer/blobs/" + archiveDigest, archive, Map.of());
    return manifestDigest;
  }

  private void helm(String... args) throws Exception {
    var command = new ArrayList<>(List.of(HelmBinary.configuredOrDefault().toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HELM_CACHE_HOME", folder.resolve("home/cache").toString());
    builder.environment().put("HELM_CONFIG_HOME", folder.resolve("home/config").toString());
    builder.environment().put("HELM_DATA_HOME", folder.resolve("home/data").toString());
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }
}
