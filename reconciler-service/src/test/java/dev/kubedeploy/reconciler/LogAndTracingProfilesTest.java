package dev.kubedeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.ProfileConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Production logs JSON lines and traces nothing until a collector is named; dev mode and tests log
 * plain text, for people to read.
 */
class LogAndTracingProfilesTest {

  private static final String JSON_LOGS = "quarkus.log.console.json.enabled";

  @Test
  void productionLogsJsonAndLeavesTracingOff() {
    var production = ProfileConfig.of("prod");

    assertThat(production.getValue(JSON_LOGS, Boolean.class)).isTrue();
    assertThat(production.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
  }

  @Test
  void devModeAndTestsLogPlainText() {
    for (var profile : List.of("dev", "test")) {
      assertThat(ProfileConfig.of(profile).getValue(JSON_LOGS, Boolean.class))
          .as(profile)
          .isFalse();
    }
  }
}
