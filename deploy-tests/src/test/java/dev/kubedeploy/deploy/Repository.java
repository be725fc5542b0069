package dev.kubedeploy.deploy;

import dev.kubedeploy.testsupport.ProjectPaths;
import java.nio.file.Path;

/** Paths inside the project's repository. */
final class Repository {

  private Repository() {}

  static Path root() {
    return ProjectPaths.root();
  }

  static Path path(String relative) {
    return ProjectPaths.resolve(relative);
  }

  static Path chart() {
    return path("deploy/helm/kubedeploy");
  }
}
