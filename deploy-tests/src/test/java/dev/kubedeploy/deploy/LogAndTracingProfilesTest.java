package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.ProfileConfig;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both services in production log JSON lines and trace nothing until a collector is named (the
 * chart's otel.endpoint); in dev mode and tests they log plain text, for people to read.
 */
class LogAndTracingProfilesTest {

  private static final List<String> SERVICES = List.of("api-service", "reconciler-service");
  private static final String JSON_LOGS = "quarkus.log.console.json.enabled";

  @Test
  void productionLogsJsonAndLeavesTracingOff() {
    for (var service : SERVICES) {
      var production = ProfileConfig.of(properties(service), "prod");

      assertThat(production.getValue(JSON_LOGS, Boolean.class)).as(service).isTrue();
      assertThat(production.getValue("quarkus.otel.sdk.disabled", Boolean.class))
          .as(service)
          .isTrue();
    }
  }

  @Test
  void devModeAndTestsLogPlainText() {
    for (var service : SERVICES) {
      for (var profile : List.of("dev", "test")) {
        assertThat(
                ProfileConfig.of(properties(service), profile).getValue(JSON_LOGS, Boolean.class))
            .as(service + " " + profile)
            .isFalse();
      }
    }
  }

  private static Path properties(String service) {
    return ProjectPaths.resolve(service + "/src/main/resources/application.properties");
  }
}
