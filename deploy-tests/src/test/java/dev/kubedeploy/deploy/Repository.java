package dev.kubedeploy.deploy;

import java.nio.file.Path;

/** Paths inside the project's repository, whose root the build passes in. */
final class Repository {

  private Repository() {}

  static Path root() {
    var root = System.getProperty("kubedeploy.repo.root");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("system property kubedeploy.repo.root is not set");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static Path chart() {
    return path("deploy/helm/kubedeploy");
  }
}
