package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.job.ReconcileJob;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C trace context of the request being served, as the job row stores it, so that the
 * reconcile the request queues joins its trace. Always W3C, whatever propagators are configured:
 * the reconciler reads the columns back with the same format. Empty when tracing is off (the
 * request has no valid span), so that an untraced job costs nothing.
 */
final class RequestTraceContext {

  private RequestTraceContext() {}

  /** The fields {@link ReconcileJob#enqueue(long, String, Map)} takes. */
  static Map<String, String> current() {
    var fields = new HashMap<String, String>(2);
    W3CTraceContextPropagator.getInstance()
        .inject(Context.current(), fields, (carrier, key, value) -> carrier.put(key, value));
    return fields;
  }
}
