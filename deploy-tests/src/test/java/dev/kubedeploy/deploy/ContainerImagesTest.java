package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles cannot be built here (no container engine): these checks hold what can be checked
 * without building them.
 */
class ContainerImagesTest {

  private static final List<String> DOCKERFILES =
      List.of(
          "api-service/src/main/docker/Dockerfile.jvm",
          "api-service/src/main/docker/Dockerfile.native",
          "reconciler-service/src/main/docker/Dockerfile.jvm",
          "reconciler-service/src/main/docker/Dockerfile.native");

  private static String read(String dockerfile) throws IOException {
    return Files.readString(Repository.path(dockerfile));
  }

  private static String arg(String text, String name) {
    var matcher = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(text);
    assertThat(matcher.find()).as("ARG %s", name).isTrue();
    return matcher.group(1);
  }

  @Test
  void bothReconcilerImagesPinOneHelmVersionByItsPublishedChecksums() throws IOException {
    var jvm = read("reconciler-service/src/main/docker/Dockerfile.jvm");
    var nativeImage = read("reconciler-service/src/main/docker/Dockerfile.native");

    for (var name : List.of("HELM_VERSION", "HELM_SHA256_AMD64", "HELM_SHA256_ARM64")) {
      assertThat(arg(jvm, name)).as(name).isEqualTo(arg(nativeImage, name));
    }
    assertThat(arg(jvm, "HELM_VERSION")).matches("v[34]\\.[0-9]+\\.[0-9]+");
    assertThat(arg(jvm, "HELM_SHA256_AMD64")).matches("[0-9a-f]{64}");
    assertThat(arg(jvm, "HELM_SHA256_ARM64")).matches("[0-9a-f]{64}");
    for (var text : List.of(jvm, nativeImage)) {
      assertThat(text)
          .contains("| sha256sum -c -")
          .contains("COPY --from=helm /helm /usr/local/bin/helm");
    }
  }

  @Test
  void everyBaseImageIsABuildArgument() throws IOException {
    for (var dockerfile : DOCKERFILES) {
      var from = Pattern.compile("(?m)^FROM (\\S+)").matcher(read(dockerfile));
      while (from.find()) {
        assertThat(from.group(1)).as(dockerfile).matches("\\$\\{[A-Z_]+}");
      }
    }
  }

  @Test
  void nativeImagesBuildTheirOwnModuleWithTheNativeProfile() throws IOException {
    for (var module : List.of("api-service", "reconciler-service")) {
      var text = read(module + "/src/main/docker/Dockerfile.native");
      assertThat(text)
          .contains("package -Dnative")
          .contains("-pl " + module + " -am")
          .contains("/code/" + module + "/target/*-runner");
      assertThat(text).contains("USER 1001").contains("ENTRYPOINT [\"./application\"]");
    }
  }
}
