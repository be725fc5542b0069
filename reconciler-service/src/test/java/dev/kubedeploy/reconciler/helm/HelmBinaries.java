package dev.kubedeploy.reconciler.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a helm binary for tests: the system property {@code kubedeploy.helm.path} for the default
 * one, otherwise (and for a specific major version) {@code bin/helm --path}, which unpacks it once.
 */
public final class HelmBinaries {

  public static final String PROPERTY = "kubedeploy.helm.path";

  private HelmBinaries() {}

  /** The helm the tests use by default (4.x unless the property says otherwise). */
  public static String helm() {
    var configured = System.getProperty(PROPERTY);
    return configured != null && !configured.isBlank() ? configured : helm(4);
  }

  /** A helm of the given major version. */
  public static String helm(int major) {
    var script = projectRoot().resolve("bin/helm");
    try {
      var process =
          new ProcessBuilder(List.of(script.toString(), "--path", Integer.toString(major)))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      var path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0 || path.isBlank()) {
        throw new IllegalStateException("bin/helm --path " + major + " failed");
      }
      return path.strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The checkout's root: the nearest folder above the working directory holding bin/helm. */
  public static Path projectRoot() {
    var folder = Path.of("").toAbsolutePath();
    while (folder != null && !Files.isExecutable(folder.resolve("bin/helm"))) {
      folder = folder.getParent();
    }
    if (folder == null) {
      throw new IllegalStateException("no bin/helm above " + Path.of("").toAbsolutePath());
    }
    return folder;
  }
}
