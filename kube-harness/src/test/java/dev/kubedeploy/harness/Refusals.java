package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The API server's refusal of a call, for tests that assert its code and its words. */
final class Refusals {

  private Refusals() {}

  /** What {@code call} threw; the test fails when the call was not refused by the API server. */
  static KubernetesClientException refusal(ThrowingCallable call) {
    var thrown = catchThrowable(call);
    assertThat(thrown).as("the API server's refusal").isInstanceOf(KubernetesClientException.class);
    return (KubernetesClientException) thrown;
  }
}
