package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a helm child process gets: a stand-in helm records its arguments and environment, so the
 * test sees exactly what the real binary would.
 */
class HelmChildProcessTest {

  @TempDir Path workDir;

  /** Answers {@code version} like Helm 4, and succeeds at everything else. */
  private Path recordingHelm() throws IOException {
    var script = workDir.resolve("helm");
    Files.writeString(
        script,
        """
        #!/bin/sh
        record="$(dirname "$0")/record"
        printf '%s\\n' "$@" > "$record.args"
        env > "$record.env"
        if [ "$1" = version ]; then echo v4.1.0; else echo '[]'; fi
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private HelmCli helm() throws IOException {
    var config = TestHelmConfig.of(recordingHelm().toString(), workDir);
    return new HelmCli(
        config,
        new HelmCallTimer(new SimpleMeterRegistry()),
        OpenTelemetry.noop().getTracer("test"));
  }

  private Map<String, String> recordedEnvironment() throws IOException {
    return Files.readAllLines(workDir.resolve("record.env")).stream()
        .filter(line -> line.contains("="))
        .collect(
            Collectors.toMap(
                line -> line.substring(0, line.indexOf('=')),
                line -> line.substring(line.indexOf('=') + 1),
                (first, second) -> first));
  }

  @Test
  void helmGetsHelmsHomesAndWhatFindsTheClusterButNothingElseOfTheReconcilersEnvironment()
      throws Exception {
    // the JVM running the tests has variables of its own (JAVA_HOME, USER, MAVEN_*...): they are
    // what must not reach helm
    var ownNames =
        System.getenv().keySet().stream()
            .filter(name -> !HelmEnvironment.PASSED.contains(name))
            .toList();
    assumeThat(ownNames).isNotEmpty();

    helm().version();

    var environment = recordedEnvironment();
    // the shell adds PWD (and sometimes SHLVL, _) to what it was started with
    environment.keySet().removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(environment.keySet())
        .doesNotContainAnyElementsOf(ownNames)
        .allSatisfy(
            name ->
                assertThat(HelmEnvironment.PASSED.contains(name) || name.startsWith("HELM_"))
                    .as(name)
                    .isTrue());
    assertThat(environment)
        .containsEntry("HELM_CACHE_HOME", workDir.resolve("helm/cache").toString())
        .containsEntry("HELM_CONFIG_HOME", workDir.resolve("helm/config").toString())
        .containsEntry("HELM_DATA_HOME", workDir.resolve("helm/data").toString())
        .containsKey("PATH");
  }

  @Test
  void theEnvironmentKeepsOnlyThePassedNamesOfTheParentAndNoDatabaseCredentials() {
    var parent =
        Map.of(
            "PATH", "/usr/bin",
            "KUBECONFIG", "/etc/kube/config",
            "QUARKUS_DATASOURCE_PASSWORD", "secret",
            "QUARKUS_DATASOURCE_USERNAME", "kubedeploy",
            "APP_HELM_BINARY", "helm",
            "HELM_KUBEASUSER", "system:admin");

    var environment = HelmEnvironment.of(Path.of("/work/helm"), parent);

    assertThat(environment)
        .containsOnlyKeys(
            "PATH", "KUBECONFIG", "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME");
  }

  @Test
  void everyCallAboutAReleaseActsAsTheReleasesServiceAccountInItsNamespace() throws Exception {
    var helm = helm();

    helm.uninstall("web", "shop-alice-x1y2z3", Duration.ofSeconds(5));

    var args = Files.readAllLines(workDir.resolve("record.args"));
    assertThat(String.join(" ", args))
        .contains("--namespace shop-alice-x1y2z3")
        .contains("--kube-as-user system:serviceaccount:shop-alice-x1y2z3:kubedeploy-release");
    assertThat(Arrays.asList(args.toArray())).doesNotContain("--kube-as-group");
  }
}
