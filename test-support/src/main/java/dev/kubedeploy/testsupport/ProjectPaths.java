package dev.kubedeploy.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from a test, whichever module's folder the test runs in. */
public final class ProjectPaths {

  private ProjectPaths() {}

  /** The repository root: the nearest folder upwards that holds {@code bin/mvn}. */
  public static Path root() {
    var configured = System.getProperty("kubedeploy.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/mvn"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the repository: no bin/mvn above the working dir");
  }

  /** A path relative to the repository root. */
  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
