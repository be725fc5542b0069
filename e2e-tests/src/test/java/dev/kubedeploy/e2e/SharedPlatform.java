package dev.kubedeploy.e2e;

import dev.kubedeploy.harness.KubeHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform one test class shares, with the default options: started before its first test,
 * closed after its last. A subclass publishes what its tests need in a {@code @BeforeAll} of its
 * own, which JUnit runs after this class's.
 */
abstract class SharedPlatform {

  @TempDir static Path work;

  static Platform platform;
  static KubeHarness cluster;
  static String adminToken;
  static String userToken;

  @BeforeAll
  static void startThePlatform() throws Exception {
    platform = Platform.start(work, Platform.Options.defaults());
    cluster = platform.cluster();
    adminToken = platform.adminToken();
    userToken = platform.userToken();
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
      platform = null;
    }
  }
}
