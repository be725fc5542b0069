package dev.kubedeploy.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The helm binary tests run: the one named by the system property {@code kubedeploy.helm.path} when
 * it has the wanted major version, otherwise the one {@code bin/helm --path MAJOR} provides (from
 * PATH or unpacked once into the cache).
 */
public final class HelmBinary {

  /** The major version the platform defaults to. */
  public static final int DEFAULT_MAJOR = 4;

  private HelmBinary() {}

  public static Path ofMajor(int major) {
    var configured = System.getProperty("kubedeploy.helm.path");
    if (isConfigured()
        && run(List.of(configured, "version", "--template", "{{.Version}}"))
            .startsWith("v" + major + ".")) {
      return Path.of(configured);
    }
    var bin = ProjectPaths.resolve("bin/helm").toString();
    return Path.of(run(List.of(bin, "--path", Integer.toString(major))).strip());
  }

  /** The configured helm whatever its version, or Helm {@value #DEFAULT_MAJOR} from bin/helm. */
  public static Path configuredOrDefault() {
    return isConfigured()
        ? Path.of(System.getProperty("kubedeploy.helm.path"))
        : ofMajor(DEFAULT_MAJOR);
  }

  /** Whether the system property names a helm, which then replaces the ones bin/helm provides. */
  public static boolean isConfigured() {
    var configured = System.getProperty("kubedeploy.helm.path");
    return configured != null && !configured.isBlank();
  }

  /**
   * The environment that gives a helm its own cache, config and data folders under {@code home}, so
   * that a test's repositories and registry logins never touch another's.
   */
  public static Map<String, String> homeEnvironment(Path home) {
    return Map.of(
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString());
  }

  private static String run(List<String> command) {
    return Command.of(command).output(Duration.ofMinutes(5));
  }
}
