package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.server.ServerTls;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.StaticHttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private PrinterChart chart;

  @BeforeEach
  void packageAChart() throws Exception {
    server = new StaticHttpServer();
    chart = PrinterChart.packageUnder(folder);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ChartResolver resolver(TestHelmConfig config) {
    return new ChartResolver(
        new HelmCli(
            config,
            new HelmCallTimer(new SimpleMeterRegistry()),
            OpenTelemetry.noop().getTracer("test")),
        config);
  }

  private ChartResolver resolver() {
    return resolver(
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"))
            .withLocalChartDir(chart.charts));
  }

  private ResolvedChart resolve(ChartResolver resolver, String ref, String version, String digest) {
    return resolver.resolve(ref, version, digest, ChartCredentials.NONE);
  }

  private String repositoryRef() {
    return server.uri() + "/repo#printer";
  }

  @Test
  void aRepositoryChartIsDownloadedOnceVerifiedAndThenServedFromTheCache() {
    chart.publishIndex(
        server, chart.archiveDigest.substring("sha256:".length()), "printer-0.1.0.tgz");
    server.serve("/repo/printer-0.1.0.tgz", chart.archive, Map.of());
    var resolver = resolver();

    var first = resolve(resolver, repositoryRef(), "0.1.0", chart.archiveDigest);
    var second = resolve(resolver, repositoryRef(), "0.1.0", chart.archiveDigest);

    assertThat(first).isEqualTo(second);
    assertThat(ChartDigests.ofFile(first.path())).isEqualTo(chart.archiveDigest);
    assertThat(server.requestsFor("/repo/printer-0.1.0.tgz")).isEqualTo(1);
  }

  @Test
  void anIndexThatPublishesAnotherDigestIsAMismatchAndNothingIsDownloaded() {
    chart.publishIndex(server, "cd".repeat(32), "printer-0.1.0.tgz");
    server.serve("/repo/printer-0.1.0.tgz", chart.archive, Map.of());

    assertThatThrownBy(() -> resolve(resolver(), repositoryRef(), "0.1.0", chart.archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
    assertThat(server.requestsFor("/repo/printer-0.1.0.tgz")).isZero();
  }

  @Test
  void anArchiveThatIsNotWhatTheIndexPublishesIsAMismatch() {
    chart.publishIndex(server, chart.archiveDigest, "printer-0.1.0.tgz");
    server.serve("/repo/printer-0.1.0.tgz", tampered(), Map.of());

    assertThatThrownBy(() -> resolve(resolver(), repositoryRef(), "0.1.0", chart.archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch for printer 0.1.0");
  }

  @Test
  void aVersionTheRepositoryDoesNotHaveIsNotFound() {
    chart.publishIndex(server, chart.archiveDigest, "printer-0.1.0.tgz");

    assertThatThrownBy(() -> resolve(resolver(), repositoryRef(), "9.9.9", chart.archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart not found");
  }

  @Test
  void aRemoteChartWithoutAPinnedDigestIsRefused() {
    assertThatThrownBy(() -> resolve(resolver(), repositoryRef(), "0.1.0", null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart_digest");
  }

  @Test
  void aRedirectWithinTheRepositorysHostIsFollowed() {
    chart.publishRepository(server);
    server.redirect("/moved/index.yaml", "/repo/index.yaml");
    server.redirect("/moved/printer-0.1.0.tgz", server.uri() + "/repo/printer-0.1.0.tgz");

    var resolved =
        resolve(resolver(), server.uri() + "/moved#printer", "0.1.0", chart.archiveDigest);

    assertThat(resolved.digest()).isEqualTo(chart.archiveDigest);
  }

  @Test
  void aRedirectToAnotherHostIsRefusedAndNeverFollowed() throws Exception {
    try (var elsewhere = new StaticHttpServer()) {
      chart.publishRepository(elsewhere);
      server.redirect("/repo/index.yaml", elsewhere.uriAsLocalhost() + "/repo/index.yaml");

      assertThatThrownBy(() -> resolve(resolver(), repositoryRef(), "0.1.0", chart.archiveDigest))
          .isInstanceOf(ChartVerificationException.class)
          .hasMessageContaining("redirected to " + elsewhere.uriAsLocalhost())
          .hasMessageContaining("only within their own host");
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void anHttpsRepositoryIsNeverFollowedDownToPlainHttpOnTheSameHost() throws Exception {
    try (var https = StaticHttpServer.https(ServerTls.serverContext())) {
      chart.publishRepository(server);
      https.redirect("/repo/index.yaml", server.uri() + "/repo/index.yaml");
      var trusting = HarnessCa.onlyTrust();

      assertThatThrownBy(
              () ->
                  resolver()
                      .resolve(
                          https.uri() + "/repo#printer", "0.1.0", chart.archiveDigest, trusting))
          .isInstanceOf(ChartVerificationException.class)
          .hasMessageContaining("never to another host or from https to http");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void aFailedPullLeavesNoTemporaryFolderBehind() throws Exception {
    var resolver = resolver();
    var pulls = folder.resolve("work/charts");

    // 404: no repository there
    assertThatThrownBy(() -> resolve(resolver, repositoryRef(), "0.1.0", chart.archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("404");
    assertThat(pulls).isEmptyDirectory();

    // a downloaded archive that is not the pinned one
    chart.publishIndex(server, chart.archiveDigest, "printer-0.1.0.tgz");
    server.serve("/repo/printer-0.1.0.tgz", tampered(), Map.of());
    assertThatThrownBy(() -> resolve(resolver, repositoryRef(), "0.1.0", chart.archiveDigest))
        .hasMessageContaining("chart digest mismatch");
    assertThat(pulls).isEmptyDirectory();

    // an OCI pull helm gives up on
    var oci = "oci://" + server.hostAndPort() + "/charts/absent";
    var plainHttp =
        resolver(
            TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"))
                .withOciPlainHttp());
    assertThatThrownBy(() -> resolve(plainHttp, oci, "0.1.0", chart.archiveDigest))
        .isInstanceOf(HelmCommandException.class);
    assertThat(pulls).isEmptyDirectory();

    // the network: nothing listens any more
    var gone = repositoryRef();
    server.close();
    assertThatThrownBy(() -> resolve(resolver, gone, "0.1.0", chart.archiveDigest))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot fetch chart");
    assertThat(pulls).isEmptyDirectory();
  }

  @Test
  void anOciChartIsVerifiedByItsManifestDigest() throws Exception {
    var manifestDigest = chart.publishOci(server);
    var config =
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"))
            .withOciPlainHttp();
    var reference = "oci://" + server.hostAndPort() + "/charts/printer";

    var resolved = resolve(resolver(config), reference, "0.1.0", manifestDigest);

    assertThat(resolved.digest()).isEqualTo(manifestDigest);
    assertThat(Files.readAllBytes(resolved.path())).isEqualTo(chart.archive);
    assertThatThrownBy(
            () -> resolve(resolver(config), reference, "0.1.0", "sha256:" + "0".repeat(64)))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
  }

  @Test
  void aLocalFolderIsUsedInPlaceAndCheckedWhenADigestIsPinned() {
    var resolver = resolver();
    var folderDigest = ChartDigests.ofFolder(chart.charts.resolve("printer"));

    assertThat(resolve(resolver, "printer", null, null).path())
        .isEqualTo(chart.charts.resolve("printer"));
    assertThat(resolve(resolver, "printer", null, folderDigest).digest()).isEqualTo(folderDigest);
    assertThat(resolve(resolver, "printer-0.1.0.tgz", null, chart.archiveDigest).digest())
        .isEqualTo(chart.archiveDigest);
    assertThatThrownBy(() -> resolve(resolver, "printer", null, chart.archiveDigest))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("chart digest mismatch");
  }

  @Test
  void localReferencesStayInsideTheLocalChartFolder() {
    assertThatThrownBy(() -> resolve(resolver(), "../work", null, null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("outside app.helm.local-chart-dir");
    var withoutFolder =
        TestHelmConfig.of(HelmBinary.configuredOrDefault().toString(), folder.resolve("work"));
    assertThatThrownBy(() -> resolve(resolver(withoutFolder), "printer", null, null))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("app.helm.local-chart-dir is not set");
  }

  private byte[] tampered() {
    var tampered = chart.archive.clone();
    tampered[tampered.length - 1] ^= 1;
    return tampered;
  }
}
