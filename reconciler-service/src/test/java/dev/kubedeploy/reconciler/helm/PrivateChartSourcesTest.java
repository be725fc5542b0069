package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.server.ServerTls;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.StaticHttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from private sources, read with a login and a CA bundle: an HTTPS chart repository with
 * basic authentication, and a minimal OCI registry (the distribution API's manifest and blob
 * endpoints, enough for helm's client) over TLS, both served by {@link StaticHttpServer} with a
 * certificate no default CA trusts. helm runs through a wrapper that records its arguments and
 * environment, to show that no secret is ever on its command line.
 */
class PrivateChartSourcesTest {

  private static final String USER = "deploy";
  private static final String PASSWORD = "Pa55-w0rd-only-in-this-test";
  private static final String TOKEN = "token-only-in-this-test";

  @TempDir Path folder;
  private StaticHttpServer source;
  private PrinterChart chart;
  private Path helmLog;

  @BeforeEach
  void startASource() throws Exception {
    source = StaticHttpServer.https(ServerTls.serverContext());
    chart = PrinterChart.packageUnder(folder);
    helmLog = folder.resolve("helm-calls.log");
  }

  @AfterEach
  void stopTheSource() {
    source.close();
  }

  @Test
  void aPrivateRepositoryRefusesAPullWithoutCredentialsWithAClearReason() {
    chart.publishRepository(source);
    source.requireAuthorization(basic(USER, PASSWORD), "Basic realm=\"charts\"");

    assertThatThrownBy(() -> resolve(repositoryRef(), chart.archiveDigest, HarnessCa.onlyTrust()))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("answered HTTP 401")
        .hasMessageContaining("credentials the template's chart source does not give");
  }

  @Test
  void aPrivateRepositoryServesTheChartToItsLoginAndAWrongOneIsTold() {
    chart.publishRepository(source);
    source.requireAuthorization(basic(USER, PASSWORD), "Basic realm=\"charts\"");

    var resolved = resolve(repositoryRef(), chart.archiveDigest, login(USER, PASSWORD));

    assertThat(resolved.digest()).isEqualTo(chart.archiveDigest);
    assertThat(source.requests())
        .allSatisfy(
            request -> assertThat(request.authorization()).isEqualTo(basic(USER, PASSWORD)));
    assertThatThrownBy(() -> resolve(repositoryRef(), "sha256:" + "1".repeat(64), login(USER, "x")))
        .hasMessageContaining("answered HTTP 401")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aCachedChartIsHandedOnlyToTheLoginThatPulledIt() {
    chart.publishRepository(source);
    source.requireAuthorization(basic(USER, PASSWORD), "Basic realm=\"charts\"");
    var resolver = resolver();
    var archive = "/repo/printer-0.1.0.tgz";

    resolver.resolve(repositoryRef(), "0.1.0", chart.archiveDigest, login(USER, PASSWORD));
    var pulls = source.requestsFor(archive);
    resolver.resolve(repositoryRef(), "0.1.0", chart.archiveDigest, login(USER, PASSWORD));

    assertThat(source.requestsFor(archive)).isEqualTo(pulls);
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    repositoryRef(), "0.1.0", chart.archiveDigest, login(USER, "wrong-password")))
        .hasMessageContaining("answered HTTP 401");
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    repositoryRef(), "0.1.0", chart.archiveDigest, HarnessCa.onlyTrust()))
        .hasMessageContaining("answered HTTP 401");
  }

  @Test
  void aTokenIsSentAsABearerToken() {
    chart.publishRepository(source);
    source.requireAuthorization("Bearer " + TOKEN, "Bearer realm=\"charts\"");
    var token =
        new ChartCredentials(
            Optional.empty(), Optional.empty(), Optional.of(TOKEN), Optional.of(HarnessCa.pem()));

    assertThat(resolve(repositoryRef(), chart.archiveDigest, token).digest())
        .isEqualTo(chart.archiveDigest);
  }

  @Test
  void aCertificateTheSourcesCaBundleDoesNotVouchForIsRefusedWithAClearReason() {
    chart.publishRepository(source);
    var withoutCa =
        new ChartCredentials(
            Optional.of(USER), Optional.of(PASSWORD), Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> resolve(repositoryRef(), chart.archiveDigest, withoutCa))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("TLS with 127.0.0.1 failed")
        .hasMessageContaining("CA bundle");
    assertThat(source.requests()).isEmpty();
  }

  @Test
  void theLoginIsNotSentToAnotherHostTheIndexPointsTo() throws Exception {
    try (var mirror = new StaticHttpServer()) {
      mirror.serve("/archives/printer-0.1.0.tgz", chart.archive, Map.of());
      chart.publishIndex(
          source, chart.archiveDigest, mirror.uriAsLocalhost() + "/archives/printer-0.1.0.tgz");
      source.requireAuthorization(basic(USER, PASSWORD), "Basic realm=\"charts\"");

      var resolved = resolve(repositoryRef(), chart.archiveDigest, login(USER, PASSWORD));

      assertThat(resolved.digest()).isEqualTo(chart.archiveDigest);
      assertThat(mirror.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.authorization()).isNull());
    }
  }

  @Test
  void aPrivateOciRegistryNeedsItsLoginWhichNeverReachesHelmsCommandLine() throws Exception {
    var manifestDigest = chart.publishOci(source);
    source.requireAuthorization(basic(USER, PASSWORD), "Basic realm=\"registry\"");
    var reference = "oci://" + source.hostAndPort() + "/charts/printer";

    assertThatThrownBy(() -> resolve(reference, manifestDigest, HarnessCa.onlyTrust()))
        .isInstanceOf(HelmCommandException.class)
        .hasMessageContaining("basic credential not found");
    var resolved = resolve(reference, manifestDigest, login(USER, PASSWORD));

    assertThat(resolved.digest()).isEqualTo(manifestDigest);
    assertThat(Files.readAllBytes(resolved.path())).isEqualTo(chart.archive);
    var calls = Files.readString(helmLog);
    assertThat(calls).contains("--registry-config", "--ca-file");
    assertThat(calls)
        .doesNotContain(PASSWORD)
        .doesNotContain(
            Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
        .doesNotContain(basic(USER, PASSWORD).substring("Basic ".length()));
    assertThat(folder.resolve("work/charts")).isDirectoryNotContaining("glob:**/pull-*");
  }

  @Test
  void aTokenWithoutAUserNameIsRefusedForAnOciRegistryBeforeHelmRuns() {
    var token =
        new ChartCredentials(
            Optional.empty(), Optional.empty(), Optional.of(TOKEN), Optional.of(HarnessCa.pem()));

    assertThatThrownBy(
            () ->
                resolve(
                    "oci://" + source.hostAndPort() + "/charts/printer",
                    "sha256:" + "a".repeat(64),
                    token))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("user name");
    assertThat(helmLog).doesNotExist();
  }

  private ResolvedChart resolve(String reference, String digest, ChartCredentials credentials) {
    return resolver().resolve(reference, "0.1.0", digest, credentials);
  }

  private ChartResolver resolver() {
    var config = TestHelmConfig.of(recordingHelm().toString(), folder.resolve("work"));
    return new ChartResolver(
        new HelmCli(
            config,
            new HelmCallTimer(new SimpleMeterRegistry()),
            OpenTelemetry.noop().getTracer("test")),
        config);
  }

  private String repositoryRef() {
    return source.uri() + "/repo#printer";
  }

  /** The real helm behind a script that appends its arguments and environment to a log. */
  private Path recordingHelm() {
    var script = folder.resolve("helm");
    if (Files.exists(script)) {
      return script;
    }
    var text =
        """
        #!/bin/sh
        { echo "argv:"; printf '%%s\\n' "$@"; echo "env:"; env; } >> '%s'
        exec '%s' "$@"
        """
            .formatted(helmLog, HelmBinary.configuredOrDefault());
    try {
      Files.writeString(script, text);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChartCredentials login(String user, String password) {
    return new ChartCredentials(
        Optional.of(user), Optional.of(password), Optional.empty(), Optional.of(HarnessCa.pem()));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
