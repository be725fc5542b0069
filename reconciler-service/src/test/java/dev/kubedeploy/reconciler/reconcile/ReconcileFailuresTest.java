package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.reconciler.desired.DesiredStateException;
import dev.kubedeploy.reconciler.helm.ChartVerificationException;
import dev.kubedeploy.reconciler.helm.HelmCommandException;
import dev.kubedeploy.reconciler.helm.HelmDeadlineException;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ReconcileFailuresTest {

  @Test
  void badValuesAndBadChartsArePermanentAndNameTheStep() {
    var values = ReconcileFailures.of("values", new DesiredStateException("replicaCount too big"));
    var chart = ReconcileFailures.of("chart", new ChartVerificationException("digest mismatch"));

    assertThat(values)
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessage("values: replicaCount too big");
    assertThat(chart).isInstanceOf(PermanentReconcileException.class);
  }

  @Test
  void helmFailuresAreClassifiedByHelmsMessage() {
    var template =
        ReconcileFailures.of(
            "upgrade",
            new HelmCommandException(
                "upgrade", "parse error at (webapp/templates/x.yaml:1): missing value for if"));
    var busy =
        ReconcileFailures.of(
            "upgrade",
            new HelmCommandException(
                "upgrade",
                "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress"));

    assertThat(template)
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessageStartingWith("upgrade: helm upgrade failed: parse error");
    assertThat(busy).isInstanceOf(ReconcileStepException.class);
  }

  @Test
  void aHelmProcessKilledAtItsDeadlineIsTransientWhateverItPrinted() {
    var killed =
        ReconcileFailures.of(
            "upgrade", new HelmDeadlineException("upgrade", "ran past its deadline; template: x"));

    assertThat(killed).isInstanceOf(ReconcileStepException.class);
  }

  @Test
  void kubernetesRejectionsArePermanentAndServerTroubleTransient() {
    var forbidden = new KubernetesClientException("namespaces is forbidden", 403, null);
    var unavailable = new KubernetesClientException("service unavailable", 503, null);

    assertThat(ReconcileFailures.of("namespace", forbidden))
        .isInstanceOf(PermanentReconcileException.class);
    assertThat(ReconcileFailures.of("namespace", unavailable))
        .isInstanceOf(ReconcileStepException.class);
    assertThat(ReconcileFailures.of("upgrade", new UncheckedIOException(new IOException("disk"))))
        .isInstanceOf(ReconcileStepException.class);
  }
}
