package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reconcile through the real queue and helm, traced: the job's stored trace context makes the
 * reconcile span a child of the request that queued it, each step of the reconcile is a child span
 * of it and each helm call one of its step, and the log lines of the run carry the job's keys in
 * the MDC.
 */
@QuarkusTest
@TestProfile(InMemoryTracingProfile.class)
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = ChartRbacHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.queue.enabled", value = "true"),
      @ResourceArg(name = "app.queue.instance-name", value = "telemetry-test"),
      @ResourceArg(name = "app.queue.poll-interval", value = "200ms"),
      @ResourceArg(name = "app.queue.retry.initial-delay", value = "50ms"),
      @ResourceArg(name = "app.queue.retry.max-delay", value = "200ms"),
      @ResourceArg(name = "app.queue.retry.max-attempts", value = "1"),
      @ResourceArg(name = "app.queue.resync.check-interval", value = "1h")
    })
class ReconcileTelemetryTest {

  private static final Duration SETTLED = Duration.ofSeconds(90);
  private static final String REQUEST_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String REQUEST_SPAN = "00f067aa0ba902b7";

  @Inject Fixtures fixtures;
  @Inject InMemorySpanExporter spans;

  private final LogLines logLines = new LogLines();

  @BeforeEach
  void captureLogLines() {
    Logger.getLogger("").addHandler(logLines);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("").removeHandler(logLines);
  }

  @Test
  void aJobQueuedInATraceReconcilesInItWithItsStepsAndHelmCallsAsChildSpans() {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 30)), 1, "{}");
    var uid = fixtures.row(id).release();

    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ReconcileJob.enqueue(
                    id,
                    "create",
                    Map.of(
                        ReconcileJob.TRACEPARENT,
                        "00-" + REQUEST_TRACE + "-" + REQUEST_SPAN + "-01",
                        ReconcileJob.TRACESTATE,
                        "vendor=opaque")));
    await()
        .atMost(SETTLED)
        .untilAsserted(
            () -> assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING));

    var reconcile = awaitSpan("reconcile " + uid, REQUEST_TRACE);
    assertThat(reconcile.getParentSpanId()).isEqualTo(REQUEST_SPAN);
    assertThat(reconcile.getSpanContext().getTraceState().get("vendor")).isEqualTo("opaque");
    assertThat(reconcile.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(reconcile.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    var upgrade = awaitSpan("helm upgrade", REQUEST_TRACE);
    var step = parentOf(upgrade);
    assertThat(step.getName()).isEqualTo("step upgrade");
    assertThat(step.getParentSpanId()).isEqualTo(reconcile.getSpanId());
    assertThat(upgrade.getAttributes().get(AttributeKey.stringKey("helm.release"))).isEqualTo(uid);
    assertThat(upgrade.getAttributes().get(AttributeKey.stringKey("k8s.namespace.name")))
        .isEqualTo(uid);
    assertThat(upgrade.getAttributes().get(AttributeKey.longKey("process.exit.code"))).isZero();
  }

  @Test
  void aJobWithoutTraceStartsOneAndAFailedHelmCallMarksItsSpansAndLogLines() {
    var id =
        fixtures.deployment(fixtures.template(SampleCharts.folder("other-namespace", 20)), 1, "{}");
    var uid = fixtures.row(id).release();

    QuarkusTransaction.requiringNew().run(() -> ReconcileJob.enqueue(id, "create"));
    await()
        .atMost(SETTLED)
        .untilAsserted(
            () -> assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.FAILED));

    var reconcile = awaitSpan("reconcile " + uid, null);
    assertThat(reconcile.getParentSpanContext().isValid()).isFalse();
    assertThat(reconcile.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    var upgrade = awaitSpan("helm upgrade", reconcile.getTraceId());
    var step = parentOf(upgrade);
    assertThat(step.getName()).isEqualTo("step upgrade");
    assertThat(step.getParentSpanId()).isEqualTo(reconcile.getSpanId());
    assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(upgrade.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // helm's own words may quote secret values: the span names the kind of failure only
    assertThat(upgrade.getStatus().getDescription()).isEqualTo("HelmCommandException");
    assertThat(upgrade.getEvents()).isEmpty();
    assertThat(upgrade.getAttributes().get(AttributeKey.longKey("process.exit.code"))).isNotZero();

    var job = jobOf(id);
    var failure =
        logLines.lines.stream()
            .filter(line -> line.message().startsWith("job " + job.id + " of deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(failure.mdc())
        .containsEntry("deploymentUid", uid)
        .containsEntry("jobId", Long.toString(job.id))
        .containsEntry("tenantId", Long.toString(tenantOf(id)))
        .containsEntry("traceId", reconcile.getTraceId())
        .containsEntry("spanId", reconcile.getSpanId())
        .containsKey("ownerId");
    // whatever a worker logs, it logs while running a job, and the line names it
    assertThat(logLines.lines)
        .filteredOn(line -> line.thread().startsWith("reconcile-worker-"))
        .filteredOn(line -> !line.mdc().containsKey("jobId"))
        .isEmpty();
  }

  /** The finished span called {@code name}, of the trace {@code traceId} unless that is null. */
  private SpanData awaitSpan(String name, String traceId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals(name))
                    .filter(span -> traceId == null || span.getTraceId().equals(traceId))
                    .findFirst(),
            found -> found.isPresent())
        .orElseThrow();
  }

  private SpanData parentOf(SpanData span) {
    return spans.getFinishedSpanItems().stream()
        .filter(parent -> parent.getSpanId().equals(span.getParentSpanId()))
        .findFirst()
        .orElseThrow();
  }

  private static ReconcileJob jobOf(long deploymentId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> ReconcileJob.<ReconcileJob>find("deploymentId", deploymentId).firstResult());
  }

  private static long tenantOf(long deploymentId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Deployment.<Deployment>findById(deploymentId).tenant.id);
  }

  /** A log line as the handler saw it, on the thread that logged it. */
  record LogLine(String thread, String message, Map<String, String> mdc) {}

  /** Keeps every log line with the MDC it had when it was logged. */
  static final class LogLines extends Handler {

    final List<LogLine> lines = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      if (record instanceof ExtLogRecord extended) {
        lines.add(
            new LogLine(
                extended.getThreadName(),
                extended.getFormattedMessage(),
                Map.copyOf(extended.getMdcCopy())));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
