package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run's span and log context, on a thread that workers reuse: both are in place while the job
 * runs and gone once it ends, so that the next job on the thread starts clean.
 */
class JobTelemetryTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final JobTelemetry telemetry = new JobTelemetry(provider.get("test"));

  @AfterEach
  void shutDown() {
    provider.close();
  }

  @Test
  void theJobsKeysAndSpanAreOnTheThreadWhileItRunsAndGoneAfter() {
    var job = job(Map.of());

    try (var run = telemetry.start(job)) {
      var current = Span.current().getSpanContext();
      assertThat(current.isValid()).isTrue();
      assertThat(MDC.getMap())
          .containsEntry(JobTelemetry.DEPLOYMENT_UID, "shop-alice-abc123")
          .containsEntry(JobTelemetry.JOB_ID, "7")
          .containsEntry(JobTelemetry.TENANT_ID, "3")
          .containsEntry(JobTelemetry.OWNER_ID, "5")
          .containsEntry(JobTelemetry.TRACE_ID, current.getTraceId())
          .containsEntry(JobTelemetry.SPAN_ID, current.getSpanId());
    }

    assertThat(MDC.getMap()).isEmpty();
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(exporter.getFinishedSpanItems())
        .singleElement()
        .satisfies(span -> assertThat(span.getName()).isEqualTo("reconcile shop-alice-abc123"));
  }

  @Test
  void aJobWithAStoredContextContinuesItsTraceAndOneWithoutStartsANewOne() {
    var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    try (var run = telemetry.start(job(Map.of("traceparent", traceparent)))) {
      assertThat(Span.current().getSpanContext().getTraceId())
          .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }
    try (var run = telemetry.start(job(Map.of()))) {
      assertThat(Span.current().getSpanContext().getTraceId())
          .isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    assertThat(exporter.getFinishedSpanItems())
        .extracting(span -> span.getParentSpanContext().getSpanId())
        .containsExactly("b7ad6b7169203331", "0000000000000000");
  }

  private static ClaimedJob job(Map<String, String> traceContext) {
    return new ClaimedJob(
        7,
        1,
        9,
        5,
        "create",
        0,
        Instant.EPOCH,
        Instant.EPOCH,
        false,
        Duration.ZERO,
        "shop-alice-abc123",
        3,
        traceContext);
  }
}
