package dev.kubedeploy.reconciler.e2e;

import static org.awaitility.Awaitility.await;

import dev.kubedeploy.reconciler.helm.HelmBinaries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged api-service as a child process on the test's database, trusting the dev key pair
 * that {@code bin/mint-token} signs with. The jar is the one the system property {@code
 * kubedeploy.api.jar} names, by default the one a reactor build packages before this module.
 */
final class ApiService implements AutoCloseable {

  static final String ADMIN = "e2e-admin";

  private final Process process;
  private final Path log;
  private final int port;

  private ApiService(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static ApiService start(String jdbcUrl, String username, String password) throws IOException {
    var root = HelmBinaries.projectRoot();
    var jar =
        Path.of(
            System.getProperty(
                "kubedeploy.api.jar",
                root.resolve("api-service/target/quarkus-app/quarkus-run.jar").toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no packaged api-service at "
              + jar
              + ": build it first (bin/mvn -pl api-service package -DskipTests) or name it with"
              + " -Dkubedeploy.api.jar=...");
    }
    var port = freePort();
    var java = ProcessHandle.current().info().command().orElse("java");
    var command = new ArrayList<>(List.of(java));
    command.addAll(
        List.of(
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
            "-Dquarkus.datasource.username=" + username,
            "-Dquarkus.datasource.password=" + password,
            // the dev public key ships in the jar; only a run told to trust it does
            "-Dmp.jwt.verify.publickey.location=dev-keys/public-key.pem",
            "-Dmp.jwt.verify.issuer=kubedeploy-dev",
            "-Dapp.auth.bootstrap-admin-subject=" + ADMIN,
            "-Dapp.auth.auto-provision.enabled=true",
            "-jar",
            jar.toString()));
    var log = Files.createTempFile("api-service-e2e-", ".log");
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var api = new ApiService(process, log, port);
    api.awaitReady();
    return api;
  }

  /** The API's base URI, {@code http://127.0.0.1:<port>/api/v1}. */
  String baseUri() {
    return "http://127.0.0.1:" + port + "/api/v1";
  }

  /** A bearer token for {@code subject}, signed with the dev key. */
  static String token(String subject) throws IOException, InterruptedException {
    var process =
        new ProcessBuilder(
                HelmBinaries.projectRoot().resolve("bin/mint-token").toString(),
                "--subject",
                subject,
                "--email",
                subject + "@example.org")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    var token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("bin/mint-token failed");
    }
    return token.strip();
  }

  private void awaitReady() {
    var http = HttpClient.newHttpClient();
    var ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .failFast("the api-service exited; its log is " + log, () -> !process.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(ready).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
