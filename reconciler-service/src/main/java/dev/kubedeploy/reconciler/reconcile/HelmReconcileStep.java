package dev.kubedeploy.reconciler.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.NamespaceObjects;
import dev.kubedeploy.reconciler.desired.ReleaseValues;
import dev.kubedeploy.reconciler.helm.ChartResolver;
import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.HelmCommandException;
import dev.kubedeploy.reconciler.helm.ResolvedChart;
import dev.kubedeploy.reconciler.helm.UpgradeCommand;
import dev.kubedeploy.reconciler.kube.Change;
import dev.kubedeploy.reconciler.kube.DriftDetector;
import dev.kubedeploy.reconciler.kube.NamespaceApplier;
import dev.kubedeploy.reconciler.kube.NamespaceEvents;
import dev.kubedeploy.reconciler.kube.NamespaceRemover;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import dev.kubedeploy.reconciler.kube.PodRefusals;
import dev.kubedeploy.reconciler.kube.ReleaseObserver;
import dev.kubedeploy.reconciler.kube.ReleaseSecrets;
import dev.kubedeploy.reconciler.kube.ReleaseWatch;
import dev.kubedeploy.reconciler.kube.StoredRelease;
import dev.kubedeploy.reconciler.queue.FailureReason;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import dev.kubedeploy.reconciler.queue.ReconcileRequest;
import dev.kubedeploy.reconciler.queue.ReconcileStep;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes the cluster match the newest desired state of one deployment with Helm, and records what
 * the cluster then has. Reads top to bottom as the steps: read, (delete), (suspended: stop),
 * namespace, the release's state from its Secrets ({@link ReleaseState}: recover when locked, look
 * for drift when in sync), chart, values and upgrade when something is to change, observe, record.
 * Runs outside any transaction; every write goes through {@link StatusWriter}, behind the lease
 * fence.
 */
@ApplicationScoped
public class HelmReconcileStep implements ReconcileStep {

  private static final Logger LOG = Logger.getLogger(HelmReconcileStep.class);

  private final DesiredStateReader reader;
  private final StatusWriter writer;
  private final NamespaceApplier namespaces;
  private final NamespaceRemover namespaceRemover;
  private final ChartResolver charts;
  private final ChartCredentialsReader credentials;
  private final ValuesFiles valuesFiles;
  private final HelmCli helm;
  private final ReleaseSecrets releases;
  private final StuckReleaseRecovery recovery;
  private final DriftDetector driftDetector;
  private final ReleaseObserver observer;
  private final ReleaseWatch watch;
  private final PodRefusals podRefusals;
  private final ReconcileMetrics metrics;
  private final NamespaceEvents events;
  private final Tracer tracer;

  HelmReconcileStep(
      DesiredStateReader reader,
      StatusWriter writer,
      NamespaceApplier namespaces,
      NamespaceRemover namespaceRemover,
      ChartResolver charts,
      ChartCredentialsReader credentials,
      ValuesFiles valuesFiles,
      HelmCli helm,
      ReleaseSecrets releases,
      StuckReleaseRecovery recovery,
      DriftDetector driftDetector,
      ReleaseObserver observer,
      ReleaseWatch watch,
      PodRefusals podRefusals,
      ReconcileMetrics metrics,
      NamespaceEvents events,
      Tracer tracer) {
    this.reader = reader;
    this.writer = writer;
    this.namespaces = namespaces;
    this.namespaceRemover = namespaceRemover;
    this.charts = charts;
    this.credentials = credentials;
    this.valuesFiles = valuesFiles;
    this.helm = helm;
    this.releases = releases;
    this.recovery = recovery;
    this.driftDetector = driftDetector;
    this.observer = observer;
    this.watch = watch;
    this.podRefusals = podRefusals;
    this.metrics = metrics;
    this.events = events;
    this.tracer = tracer;
  }

  @Override
  public void reconcile(ReconcileRequest request) throws Exception {
    var found = step("read", () -> reader.read(request.deploymentId()));
    if (found.isEmpty()) {
      LOG.debugf("deployment %d is gone; nothing to do", request.deploymentId());
      return;
    }
    var redaction = new SecretRedaction(found.get().secrets());
    try {
      reconcile(request, found.get(), redaction);
    } catch (PermanentReconcileException | ReconcileStepException e) {
      var redacted = redaction.apply(e);
      events.warning(
          found.get().namespace(),
          FailureReason.of(redacted.getMessage()),
          "Reconcile",
          redacted.getMessage());
      throw redacted;
    }
  }

  /**
   * The steps for a deployment that exists; a failure also becomes a Warning Event on its
   * namespace. Every secret the steps handle is added to {@code redaction}.
   */
  private void reconcile(
      ReconcileRequest request, DesiredDeployment desired, SecretRedaction redaction)
      throws Exception {
    if (desired.status() == DeploymentStatus.DELETED) {
      LOG.debugf("deployment %d is deleted; nothing to do", request.deploymentId());
      return;
    }
    if (desired.status() == DeploymentStatus.DELETING) {
      removeRelease(request, desired);
      return;
    }
    if (step("read", () -> reader.isSuspended(desired.id()))) {
      // stored changes wait for the resume, which queues their reconcile
      LOG.debugf("%s is suspended; its release is left alone", desired.uid());
      return;
    }
    if (desired.status() == DeploymentStatus.PENDING) {
      doStep("record", () -> writer.startReconciling(request, desired));
    }
    applyNamespace(desired);
    var notes = new ArrayList<String>();
    // the release as its Secrets hold it: a resync with nothing to change starts no helm process
    var stored = step("recover", () -> releases.read(desired.release(), desired.namespace()));
    var state = ReleaseState.of(desired, stored);
    var recovered =
        state == ReleaseState.LOCKED
            ? recoverStuckRelease(desired, stored)
            : Optional.<String>empty();
    recovered.ifPresent(notes::add);
    var drift =
        state == ReleaseState.IN_SYNC ? detectDrift(desired, stored) : Optional.<String>empty();
    drift.ifPresent(notes::add);
    var upgraded = state != ReleaseState.IN_SYNC || drift.isPresent();
    if (upgraded) {
      // the chart and values are needed only to change the release: an idle resync skips them
      var chart = resolveChart(desired, redaction);
      var values = buildValues(desired);
      try {
        upgradeRelease(request, desired, chart, values, redaction);
      } catch (PermanentReconcileException | ReconcileStepException e) {
        throw recovered.isEmpty() ? e : afterRecovery(e, recovered.get());
      }
    }
    var observed = observeRelease(desired, upgraded);
    doStep("record", () -> writer.recordApplied(request, desired, observed, notes));
    if (upgraded) {
      var installed = desired.appliedGeneration() == null;
      events.normal(
          desired.namespace(),
          installed ? "Installed" : "Upgraded",
          installed ? "Install" : "Upgrade",
          revisionDescription(desired)
              + " applied, "
              + observed.readyReplicas()
              + "/"
              + observed.desiredReplicas()
              + " replicas ready"
              + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
    }
  }

  /**
   * Step 2: uninstall, remove the namespace, mark the deployment deleted. A namespace that is gone
   * took the release with it; one the platform did not create is left alone.
   */
  private void removeRelease(ReconcileRequest request, DesiredDeployment desired) throws Exception {
    var ownership =
        step("namespace", () -> namespaces.ownership(desired.namespace(), desired.uid()));
    var reason =
        switch (ownership) {
          case ABSENT -> "namespace already gone, nothing to uninstall";
          case FOREIGN ->
              "namespace "
                  + desired.namespace()
                  + " was not created by kubedeploy for this deployment; left alone";
          case OURS -> {
            // a namespace from before release identities has none yet: helm acts as it
            step("namespace", () -> namespaces.applyReleaseIdentity(desired));
            var timeout = healthTimeout(desired);
            events.normal(
                desired.namespace(), "Uninstalling", "Uninstall", "release " + desired.release());
            doStep(
                "uninstall", () -> helm.uninstall(desired.release(), desired.namespace(), timeout));
            var namespace = step("namespace", () -> namespaceRemover.delete(desired.namespace()));
            yield namespace == Change.DELETED
                ? "release uninstalled, namespace deleted"
                : "release uninstalled, namespace already gone";
          }
        };
    doStep("record", () -> writer.markDeleted(request, desired, reason));
  }

  /**
   * Step 3: namespace with the platform's labels and Pod Security level, quota, default limits,
   * network policy, and the ServiceAccount Helm acts as; refused when the namespace is not ours.
   */
  private void applyNamespace(DesiredDeployment desired) throws Exception {
    var outcome =
        step(
            "namespace",
            () ->
                namespaces.apply(
                    NamespaceObjects.namespace(desired),
                    NamespaceObjects.resourceQuota(desired),
                    NamespaceObjects.limitRange(desired)));
    LOG.debugf("namespace %s: %s", desired.namespace(), outcome);
    var policy = step("namespace", () -> namespaces.applyNetworkPolicy(desired));
    LOG.debugf("network policy in %s: %s", desired.namespace(), policy);
    var identity = step("namespace", () -> namespaces.applyReleaseIdentity(desired));
    LOG.debugf("release identity in %s: %s", desired.namespace(), identity);
  }

  /** Step 5: the chart, fetched and verified against the template's digest. */
  private ResolvedChart resolveChart(DesiredDeployment desired, SecretRedaction redaction)
      throws Exception {
    var template = desired.template();
    return step(
        "chart",
        () -> {
          var login = credentials.forTemplate(template.id());
          redaction.hide(login);
          return charts.resolve(
              template.chartRef(), template.chartVersion(), template.chartDigest(), login);
        });
  }

  /** Step 6: defaults, user values and platform values merged and validated. */
  private ObjectNode buildValues(DesiredDeployment desired) throws Exception {
    return step("values", () -> ReleaseValues.build(desired));
  }

  /** Step 4: a release left pending by a killed helm is rolled back or uninstalled. */
  private Optional<String> recoverStuckRelease(DesiredDeployment desired, StoredRelease stored)
      throws Exception {
    var note =
        step(
            "recover",
            () ->
                recovery.recover(
                    desired.release(),
                    desired.namespace(),
                    stored.history(),
                    healthTimeout(desired)));
    note.ifPresent(n -> metrics.stuckReleaseRecovered());
    return note;
  }

  /**
   * An upgrade that failed after the recovery rolled a stuck release back: the cluster runs the
   * revision the recovery returned to, which the error says beside its cause (so its reason is
   * {@code RolledBack}).
   */
  private static RuntimeException afterRecovery(RuntimeException failure, String recovery) {
    var message = failure.getMessage() + " (after recovery: " + recovery + ")";
    return failure instanceof PermanentReconcileException
        ? new PermanentReconcileException(message, failure.getCause())
        : new ReconcileStepException(message, failure.getCause());
  }

  /**
   * On a resync of a release in sync, objects changed outside the platform are looked for; finding
   * any makes the upgrade run again, which puts them back. The manifest is the newest revision's,
   * from its Secret.
   */
  private Optional<String> detectDrift(DesiredDeployment desired, StoredRelease stored)
      throws Exception {
    var drifts = step("drift", () -> driftDetector.detect(desired.namespace(), stored.manifest()));
    if (drifts.isEmpty()) {
      return Optional.empty();
    }
    metrics.driftCorrected();
    var note =
        "drift corrected: "
            + String.join(", ", drifts.stream().limit(10).map(Object::toString).toList())
            + (drifts.size() > 10 ? " and " + (drifts.size() - 10) + " more" : "");
    LOG.warnf("%s/%s: %s", desired.namespace(), desired.release(), note);
    return Optional.of(note);
  }

  /**
   * Step 7: {@code helm upgrade --install}. When the rollout fails and Helm rolls it back, the
   * deployment is marked failed at once (the old template stays applied) before the error goes to
   * the queue, which retries transient failures.
   */
  private void upgradeRelease(
      ReconcileRequest request,
      DesiredDeployment desired,
      ResolvedChart chart,
      ObjectNode values,
      SecretRedaction redaction)
      throws Exception {
    var valuesFile =
        step("upgrade", () -> valuesFiles.write(desired.release(), desired.generation(), values));
    try {
      var command =
          new UpgradeCommand(
              desired.release(),
              desired.namespace(),
              chart.path(),
              valuesFile,
              healthTimeout(desired),
              revisionDescription(desired));
      doStep("upgrade", () -> upgradeOrReportRollback(request, desired, command, redaction));
    } finally {
      Files.deleteIfExists(valuesFile);
    }
  }

  private void upgradeOrReportRollback(
      ReconcileRequest request,
      DesiredDeployment desired,
      UpgradeCommand command,
      SecretRedaction redaction) {
    var started = Instant.now();
    try {
      helm.upgradeInstall(command);
    } catch (HelmCommandException e) {
      var refused = podRefusals(desired, started);
      var rollback = RolloutFailure.of(e.helmMessage());
      if (rollback.isEmpty()) {
        if (!refused.isEmpty()) {
          throw new PermanentReconcileException("upgrade: " + e.getMessage() + refused, e);
        }
        throw e;
      }
      var message = rollback.get().describe(desired, e.helmMessage()) + refused;
      if (ReconcileFailures.isPermanent(e) || !refused.isEmpty()) {
        throw new PermanentReconcileException("upgrade: " + message, e);
      }
      writer.recordFailedRollout(request, desired, redaction.apply("upgrade: " + message));
      throw new ReconcileStepException("upgrade: " + message, e);
    }
  }

  /**
   * The API server's refusals of the release's pods during this attempt, as a suffix for the error:
   * helm reports only a rollout that timed out, and retrying cannot help until the chart or the
   * template changes. Empty when there were none, or when they cannot be read.
   */
  private String podRefusals(DesiredDeployment desired, Instant started) {
    try {
      var refusals = podRefusals.since(desired.namespace(), started);
      return refusals.isEmpty()
          ? ""
          : "; the cluster refused its pods: " + String.join("; ", refusals);
    } catch (KubernetesClientException e) {
      LOG.debugf(e, "cannot read the events of %s", desired.namespace());
      return "";
    }
  }

  /**
   * Step 8: the release's workloads and pods as the cluster has them. When nothing was applied the
   * health watch's caches answer, if they are synced; right after an upgrade they may not have seen
   * its objects yet, so the API server is asked.
   */
  private ObservedRelease observeRelease(DesiredDeployment desired, boolean upgraded)
      throws Exception {
    return step(
        "observe",
        () ->
            !upgraded && watch.synced()
                ? watch.observe(desired.namespace(), desired.release())
                : observer.observe(desired.namespace(), desired.release()));
  }

  /** Written into each revision we make, so that a rollback or a hand-made upgrade is noticed. */
  static String revisionDescription(DesiredDeployment desired) {
    return "kubedeploy generation "
        + desired.generation()
        + " template "
        + desired.template().id()
        + " ("
        + desired.template().versionLabel()
        + ")";
  }

  private static Duration healthTimeout(DesiredDeployment desired) {
    return Duration.ofSeconds(desired.template().healthTimeoutSec());
  }

  private interface StepAction<T> {
    T run() throws Exception;
  }

  private interface VoidStepAction {
    void run() throws Exception;
  }

  /**
   * Runs one named step: timed, traced (a span "step NAME", the parent of the step's helm calls),
   * and its failure classified and prefixed with the step's name.
   */
  private <T> T step(String name, StepAction<T> action) throws Exception {
    var sample = Timer.start();
    var span = tracer.spanBuilder("step " + name).startSpan();
    try (var scope = span.makeCurrent()) {
      return action.run();
    } catch (InterruptedException e) {
      throw failed(span, e);
    } catch (IOException e) {
      throw failed(span, ReconcileFailures.of(name, new UncheckedIOException(e)));
    } catch (Exception e) {
      throw failed(span, ReconcileFailures.of(name, e));
    } finally {
      span.end();
      sample.stop(metrics.step(name));
    }
  }

  /**
   * Marks the step's span failed by the kind of failure only: the message is not redacted yet (the
   * caller redacts it), and spans leave the platform for a collector.
   */
  private static <E extends Exception> E failed(Span span, E error) {
    span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    return error;
  }

  private void doStep(String name, VoidStepAction action) throws Exception {
    step(
        name,
        () -> {
          action.run();
          return null;
        });
  }
}
