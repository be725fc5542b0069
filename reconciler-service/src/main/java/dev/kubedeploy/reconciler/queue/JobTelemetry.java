package dev.kubedeploy.reconciler.queue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * What a worker puts around a job it runs: a span {@code reconcile <deployment uid>} in the trace
 * of the request that queued the job (a trace of its own when the job carries none), current on the
 * worker's thread so that the helm calls become its children, and the job's keys in the logging
 * MDC, so that every log line of the run names its deployment, job, tenant and trace. Workers are
 * reused: {@link Run#close} takes both away again.
 */
final class JobTelemetry {

  /** The MDC keys every log line of a job's run carries. */
  static final String DEPLOYMENT_UID = "deploymentUid";

  static final String JOB_ID = "jobId";
  static final String TENANT_ID = "tenantId";
  static final String OWNER_ID = "ownerId";

  /** The keys Quarkus uses for a traced request's log lines, so that both read alike. */
  static final String TRACE_ID = "traceId";

  static final String SPAN_ID = "spanId";

  private static final List<String> MDC_KEYS =
      List.of(DEPLOYMENT_UID, JOB_ID, TENANT_ID, OWNER_ID, TRACE_ID, SPAN_ID);

  static final AttributeKey<Long> JOB_ID_ATTRIBUTE = AttributeKey.longKey("kubedeploy.job.id");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("kubedeploy.job.reason");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("kubedeploy.job.attempt");
  static final AttributeKey<String> DEPLOYMENT =
      AttributeKey.stringKey("kubedeploy.deployment.uid");

  /** Without tracing (tests, the benchmark): the MDC only. */
  static final JobTelemetry UNTRACED =
      new JobTelemetry(OpenTelemetry.noop().getTracer(JobTelemetry.class.getName()));

  private static final TextMapGetter<Map<String, String>> FIELDS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;

  JobTelemetry(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Starts the run's span and log context on the calling (worker) thread. */
  Run start(ClaimedJob job) {
    var parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), job.traceContext(), FIELDS);
    var span =
        tracer
            .spanBuilder("reconcile " + job.deploymentUid())
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(DEPLOYMENT, job.deploymentUid())
            .setAttribute(JOB_ID_ATTRIBUTE, job.jobId())
            .setAttribute(REASON, job.reason())
            .setAttribute(ATTEMPT, job.attempt() + 1L)
            .startSpan();
    var scope = span.makeCurrent();
    MDC.put(DEPLOYMENT_UID, job.deploymentUid());
    MDC.put(JOB_ID, Long.toString(job.jobId()));
    MDC.put(TENANT_ID, Long.toString(job.tenantId()));
    MDC.put(OWNER_ID, Long.toString(job.ownerId()));
    var context = span.getSpanContext();
    if (context.isValid()) {
      MDC.put(TRACE_ID, context.getTraceId());
      MDC.put(SPAN_ID, context.getSpanId());
    }
    return new Run(span, scope);
  }

  /** One job's run on a worker thread; closed on that same thread. */
  static final class Run implements AutoCloseable {

    private final Span span;
    private final Scope scope;

    private Run(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }

    /**
     * The attempt failed (or was given up): the span says so with the text {@code last_error}
     * shows, which the step redacted, and not with the exception itself, whose causes may quote
     * secret values.
     */
    void failed(Exception error) {
      span.setStatus(StatusCode.ERROR, ErrorText.of(error));
    }

    @Override
    public void close() {
      MDC_KEYS.forEach(MDC::remove);
      scope.close();
      span.end();
    }
  }
}
