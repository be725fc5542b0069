package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  private static String run(List<String> command) {
    try {
      var process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
