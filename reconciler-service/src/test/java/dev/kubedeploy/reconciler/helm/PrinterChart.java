package dev.kubedeploy.reconciler.helm;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.StaticHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small chart packaged with the real helm, and the ways tests publish it: as a chart repository
 * (an {@code index.yaml} and the archive) or as an OCI artifact, on a {@link StaticHttpServer}.
 */
final class PrinterChart {

  final Path charts;
  final byte[] archive;
  final String archiveDigest;

  private PrinterChart(Path charts, byte[] archive, String archiveDigest) {
    this.charts = charts;
    this.archive = archive;
    this.archiveDigest = archiveDigest;
  }

  /** Writes and packages the chart under {@code folder}/charts. */
  static PrinterChart packageUnder(Path folder) throws Exception {
    var charts = Files.createDirectories(folder.resolve("charts"));
    var templates = Files.createDirectories(charts.resolve("printer/templates"));
    Files.writeString(
        charts.resolve("printer/Chart.yaml"), "apiVersion: v2\nname: printer\nversion: 0.1.0\n");
    Files.writeString(charts.resolve("printer/values.yaml"), "message: hello\n");
    Files.writeString(templates.resolve("configmap.yaml"), "kind: ConfigMap\n");
    helm(
        folder,
        "package",
        charts.resolve("printer").toString(),
        "--destination",
        charts.toString());
    var archive = charts.resolve("printer-0.1.0.tgz");
    return new PrinterChart(charts, Files.readAllBytes(archive), ChartDigests.ofFile(archive));
  }

  /** Serves a repository at {@code /repo} whose index names {@code url} for the archive. */
  void publishIndex(StaticHttpServer server, String digest, String url) {
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
            - %s
        """
            .formatted(digest, url);
    server.serve("/repo/index.yaml", index.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** Serves a repository at {@code /repo} holding the archive. */
  void publishRepository(StaticHttpServer server) {
    publishIndex(server, archiveDigest, "printer-0.1.0.tgz");
    server.serve("/repo/printer-0.1.0.tgz", archive, Map.of());
  }

  /**
   * Publishes the archive as an OCI artifact the way a registry serves a pushed Helm chart.
   *
   * @return the manifest digest
   */
  String publishOci(StaticHttpServer server) {
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

  private static void helm(Path folder, String... args) throws Exception {
    var command = new ArrayList<>(List.of(HelmBinary.configuredOrDefault().toString()));
    command.addAll(List.of(args));
    Command.of(command)
        .environment(HelmBinary.homeEnvironment(folder.resolve("home")))
        .run(Duration.ofMinutes(2))
        .orThrow();
  }
}
