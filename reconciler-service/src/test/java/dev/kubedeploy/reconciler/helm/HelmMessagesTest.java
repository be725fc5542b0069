package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelmMessagesTest {

  @Test
  void theErrorIsFoundAfterHelm4LogLines() {
    var stderr =
        """
        level=INFO msg="warning: skipped value for vm.g: Not a table."
        Error: parse error at (bad/templates/x.yaml:1): missing value for if

        Use --debug flag to render out invalid YAML
        """;

    assertThat(HelmMessages.errorOf(stderr))
        .isEqualTo("parse error at (bad/templates/x.yaml:1): missing value for if");
  }

  @Test
  void linesAfterTheErrorAreKeptBecauseSchemaViolationsContinueThere() {
    var stderr =
        """
        coalesce.go:237: warning: skipped value for vm.g: Not a table.
        Error: values don't meet the specifications of the schema(s) in the following chart(s):
        good:
        - replicaCount: Must be greater than or equal to 0
        """;

    assertThat(HelmMessages.errorOf(stderr))
        .startsWith("values don't meet")
        .endsWith("- replicaCount: Must be greater than or equal to 0");
  }

  @Test
  void withoutAnErrorLineTheWholeOutputIsTheMessage() {
    assertThat(HelmMessages.errorOf("panic: boom\n")).isEqualTo("panic: boom");
    assertThat(HelmMessages.errorOf("")).isEqualTo("(helm wrote nothing to stderr)");
  }
}
