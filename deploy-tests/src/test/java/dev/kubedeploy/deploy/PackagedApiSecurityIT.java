package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged api-service refuses to be in production: a service that accepts tokens minted
 * for another audience, or one that carries the key the dev profile trusts.
 */
class PackagedApiSecurityIT {

  private static final Duration SERVICE_DEADLINE = Duration.ofMinutes(2);

  @TempDir Path work;

  @Test
  void withoutAnAudienceThePackagedServiceRefusesToStartAndSaysWhatIsMissing() {
    var database = TestDatabase.createDatabase("packaged_no_audience");
    var environment = PackagedApi.environment(database, ServiceProcess.freePort());

    try (var api =
        ServiceProcess.start("api-no-audience", PackagedApi.jar(), List.of(), environment, work)) {
      assertThat(api.awaitExit(SERVICE_DEADLINE)).as(api.logTail()).isNotZero();
      assertThat(api.logTail()).contains("mp.jwt.verify.audiences");
    }
  }

  @Test
  void noArchiveOfThePackagedServiceHoldsTheDevKeys() throws IOException {
    List<Path> archives;
    try (var files = Files.walk(PackagedApi.jar().getParent())) {
      archives = files.filter(file -> file.toString().endsWith(".jar")).toList();
    }
    var keys = new ArrayList<String>();
    for (var archive : archives) {
      try (var jar = new JarFile(archive.toFile())) {
        jar.stream()
            .map(entry -> archive.getFileName() + "!" + entry.getName())
            .filter(name -> name.contains("dev-keys") || name.endsWith(".pem"))
            .forEach(keys::add);
      }
    }

    assertThat(archives).as("the packaged service's archives").contains(PackagedApi.jar());
    assertThat(keys).as("key material in the packaged service").isEmpty();
  }
}
