package dev.kubedeploy.reconciler.health;

import dev.kubedeploy.reconciler.kube.NamespaceEvents;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import dev.kubedeploy.reconciler.kube.ReleaseHealth;
import dev.kubedeploy.reconciler.kube.ReleaseWatch;
import dev.kubedeploy.reconciler.reconcile.HealthWriter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Health after install: every {@code app.health.interval}, each live release at rest is judged from
 * the watched workloads and pods ({@link ReleaseWatch}, no helm, no request to the API server) and
 * its deployment moved between {@code running} and {@code degraded} when that changed. Only what
 * differs from the row is written, so a steady fleet costs one query per round.
 */
@ApplicationScoped
public class HealthMonitor {

  private static final Logger LOG = Logger.getLogger(HealthMonitor.class);

  private final HealthSettings settings;
  private final ReleaseWatch watch;
  private final HealthWriter writer;
  private final NamespaceEvents events;

  /** Since when each deployment's replicas have been unready without failing. */
  private final Map<Long, Instant> unreadySince = new ConcurrentHashMap<>();

  HealthMonitor(
      HealthSettings settings, ReleaseWatch watch, HealthWriter writer, NamespaceEvents events) {
    this.settings = settings;
    this.watch = watch;
    this.writer = writer;
    this.events = events;
  }

  @Scheduled(
      every = "${app.health.interval:2s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    if (!settings.enabled()) {
      return;
    }
    try {
      watch.start();
      if (watch.synced()) {
        checkAll();
      }
    } catch (RuntimeException e) {
      LOG.warnf("checking the health of releases failed: %s", e.getMessage());
    }
  }

  private void checkAll() {
    var now = Instant.now();
    var seen = new HashSet<Long>();
    for (var live : writer.atRest()) {
      seen.add(live.id());
      var observed = watch.observe(live.namespace(), live.release());
      var health = ReleaseHealth.of(observed);
      if (!health.onlyNotReady()) {
        unreadySince.remove(live.id());
      } else if (unreadySince
          .computeIfAbsent(live.id(), id -> now)
          .plus(settings.notReadyGrace())
          .isAfter(now)) {
        continue;
      }
      if (live.differsFrom(health)) {
        writer.record(live, health, observed).ifPresent(status -> announce(live, health, observed));
      }
    }
    unreadySince.keySet().retainAll(seen);
  }

  private void announce(HealthWriter.Live live, ReleaseHealth health, ObservedRelease observed) {
    if (health.healthy()) {
      var message = observed.readyReplicas() + "/" + observed.desiredReplicas() + " replicas ready";
      LOG.infof("%s/%s recovered: %s", live.namespace(), live.release(), message);
      events.normal(live.namespace(), "Recovered", "Observe", message);
    } else {
      LOG.infof("%s/%s is degraded: %s", live.namespace(), live.release(), health.message());
      events.warning(live.namespace(), health.reason(), "Observe", health.message());
    }
  }
}
