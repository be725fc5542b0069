package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

  @Test
  void aStepFailureShowsTheStepAndTheCauseWithoutTheWrappersName() {
    var error =
        new PermanentReconcileException(
            "upgrade: release web failed: timed out waiting for the condition",
            new IllegalStateException("wrapped"));

    assertThat(ErrorText.of(error))
        .isEqualTo("upgrade: release web failed: timed out waiting for the condition");
  }

  @Test
  void anUnexpectedFailureKeepsItsClassNameWhichIsTheInformativePart() {
    assertThat(ErrorText.of(new IOException("connection refused")))
        .isEqualTo("IOException: connection refused");
    assertThat(ErrorText.of(new NullPointerException())).isEqualTo("NullPointerException");
  }

  @Test
  void longTextsAreCut() {
    var text = ErrorText.of(new PermanentReconcileException("upgrade: " + "x".repeat(10_000)));

    assertThat(text).hasSize(ErrorText.MAX_LENGTH).endsWith("...");
  }
}
