package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI ({@code kubedeploy}, cli/target/quarkus-app) run as a process against the
 * running platform, as a user runs it: login, catalog, create and wait, scale, status, events,
 * history, delete and wait, and a refused request.
 */
class CliE2E {

  /** The system property naming the packaged CLI's jar (set by the build). */
  static final String CLI_JAR = "kubedeploy.cli.jar";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static Platform platform;
  private static long template;

  @BeforeAll
  static void startThePlatform() throws Exception {
    platform = Platform.start(work, Platform.Options.defaults());
    platform.publishProduct("webapp", "Web app");
    template =
        platform.publishSampleTemplate(
            "webapp", "0.1.0", 60, Map.of("replicas", "replicaCount", "resources", "resources"));
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aUserDeploysScalesFollowsAndDeletesThroughTheCli() throws Exception {
    var login =
        cli(Map.of("KUBEDEPLOY_TOKEN", platform.userToken()), "login", "--url", platform.apiUrl());
    assertThat(login.exit()).as(login.err()).isZero();
    assertThat(login.out()).contains("Logged in to " + platform.apiUrl() + " as " + Platform.USER);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config())))
        .isEqualTo("rw-------");

    var catalog = cli("catalog", "list");
    assertThat(catalog.exit()).as(catalog.err()).isZero();
    assertThat(catalog.out()).containsPattern("webapp\\s+" + template + "\\s+0\\.1\\.0");

    var created =
        cli(
            "deploy",
            "create",
            "--name",
            "cli-web",
            "--template",
            Long.toString(template),
            "--wait",
            "--timeout",
            "PT3M",
            "-o",
            "json");
    assertThat(created.exit()).as(created.err()).isZero();
    var uid = created.json().path("deployment_uid").asText();
    assertThat(created.json().path("status").asText()).isEqualTo("running");
    assertThat(created.err()).contains(uid + ": pending").contains(uid + ": running");

    var scaled = cli("scale", uid, "2", "--wait", "--timeout", "PT3M", "-o", "json");
    assertThat(scaled.exit()).as(scaled.err()).isZero();
    assertThat(scaled.json().path("target_replicas").asInt()).isEqualTo(2);
    assertThat(scaled.json().path("replicas").path("ready").asInt()).isEqualTo(2);

    var status = cli("status", uid);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .containsPattern(uid + "\\s+cli-web\\s+webapp\\s+running\\s+2\\s+2\\s+2/2");

    var events = cli("events", uid, "-o", "json");
    assertThat(events.exit()).as(events.err()).isZero();
    assertThat(events.json().path("items").findValuesAsText("reason")).isNotEmpty();

    var history = cli("history", uid);
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).containsPattern("reconciling\\s+running");

    var deleted = cli("delete", uid, "--wait", "--timeout", "PT3M");
    assertThat(deleted.exit()).as(deleted.err()).isZero();
    assertThat(deleted.out()).containsPattern(uid + "\\s+cli-web\\s+webapp\\s+deleted");
  }

  @Test
  void aRefusedRequestPrintsTheFieldAtFaultAndExitsWithOne() throws Exception {
    var login = cli(Map.of(), "login", "--url", platform.apiUrl(), "--token", platform.userToken());
    assertThat(login.exit()).as(login.err()).isZero();

    var refused =
        cli("deploy", "create", "--name", "not a name!", "--template", Long.toString(template));

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("error: the API answered 422 Validation failed")
        .containsPattern("\\n  - name: .+");
  }

  private static Path config() {
    return work.resolve("cli/config.json");
  }

  private static Run cli(String... args) throws Exception {
    return cli(Map.of(), args);
  }

  /** Runs the packaged CLI with its login stored under the test's folder. */
  private static Run cli(Map<String, String> environment, String... args) throws Exception {
    var jar = Platform.jar(CLI_JAR);
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    var out = Files.createTempFile(work, "cli", ".out");
    var err = Files.createTempFile(work, "cli", ".err");
    var builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("KUBEDEPLOY_TOKEN");
    builder.environment().put("KUBEDEPLOY_CONFIG", config().toString());
    builder.environment().putAll(environment);
    var process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES))
        .as("kubedeploy " + String.join(" ", args))
        .isTrue();
    return new Run(
        process.exitValue(), Files.readString(out), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** What one run of the CLI printed, and how it exited. */
  private record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }
}
