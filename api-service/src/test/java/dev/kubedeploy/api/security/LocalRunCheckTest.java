package dev.kubedeploy.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.LaunchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRunCheckTest {

  @Test
  void thePackagedServiceRefusesTheDevProfileUnlessToldItIsALocalRun() {
    assertThat(LocalRunCheck.refusal(LaunchMode.NORMAL, List.of("dev"), false))
        .hasValueSatisfying(message -> assertThat(message).contains("app.local-run=true"));
    assertThat(LocalRunCheck.refusal(LaunchMode.NORMAL, List.of("dev"), true)).isEmpty();
  }

  @Test
  void devModeTestsAndProductionStartAsBefore() {
    assertThat(LocalRunCheck.refusal(LaunchMode.DEVELOPMENT, List.of("dev"), false)).isEmpty();
    assertThat(LocalRunCheck.refusal(LaunchMode.TEST, List.of("test"), false)).isEmpty();
    assertThat(LocalRunCheck.refusal(LaunchMode.NORMAL, List.of("prod"), false)).isEmpty();
    assertThat(LocalRunCheck.refusal(LaunchMode.NORMAL, List.of("test"), false)).isEmpty();
  }
}
