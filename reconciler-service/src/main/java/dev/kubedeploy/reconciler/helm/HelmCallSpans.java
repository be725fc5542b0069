package dev.kubedeploy.reconciler.helm;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * One span per helm child process ("helm upgrade"...), a child of whatever span is current on the
 * calling thread (the reconcile of a job): its release, namespace and exit code, and an error
 * status when the call failed. The status names the kind of failure only: Helm's output may quote
 * secret values, which the reconcile step redacts before its error goes anywhere, and spans leave
 * the platform for a collector. With tracing off the tracer makes no-op spans.
 */
final class HelmCallSpans {

  static final AttributeKey<String> RELEASE = AttributeKey.stringKey("helm.release");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("k8s.namespace.name");
  static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("process.exit.code");

  private final Tracer tracer;

  HelmCallSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  Span start(HelmCall call) {
    var span = tracer.spanBuilder("helm " + call.operation());
    if (call.release() != null) {
      span.setAttribute(RELEASE, call.release()).setAttribute(NAMESPACE, call.namespace());
    }
    return span.startSpan();
  }

  static void exited(Span span, CommandResult result) {
    span.setAttribute(EXIT_CODE, (long) result.exitCode());
  }

  static void failed(Span span, RuntimeException error) {
    span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
  }
}
