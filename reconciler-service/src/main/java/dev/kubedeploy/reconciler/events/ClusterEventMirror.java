package dev.kubedeploy.reconciler.events;

import dev.kubedeploy.reconciler.kube.ClusterEvent;
import dev.kubedeploy.reconciler.kube.ClusterEventWatch;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Mirrors the cluster's Events of every live deployment's namespace into the database, so that the
 * API (which has no cluster access) can show them: every {@code app.cluster-events.interval}, the
 * watched Events ({@link ClusterEventWatch}, no request to the API server) that are new or changed
 * since the last round are written. Rows are keyed by the Event's uid, so a watch that lists again
 * after a cut, or a restart of the reconciler, updates rows instead of adding them.
 */
@ApplicationScoped
public class ClusterEventMirror {

  private static final Logger LOG = Logger.getLogger(ClusterEventMirror.class);

  private final ClusterEventSettings settings;
  private final ClusterEventWatch watch;
  private final ClusterEventRows rows;

  /** The resource version of each Event last written (by uid): unchanged ones are skipped. */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  ClusterEventMirror(
      ClusterEventSettings settings, ClusterEventWatch watch, ClusterEventRows rows) {
    this.settings = settings;
    this.watch = watch;
    this.rows = rows;
  }

  @Scheduled(
      every = "${app.cluster-events.interval:2s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void mirror() {
    if (!settings.enabled()) {
      return;
    }
    try {
      watch.start();
      if (watch.synced()) {
        mirrorAll();
      }
    } catch (RuntimeException e) {
      LOG.warnf("mirroring the cluster's events failed: %s", e.getMessage());
    }
  }

  private void mirrorAll() {
    var seen = new HashSet<String>();
    var changed = new HashMap<Long, List<ClusterEvent>>();
    for (var live : rows.live()) {
      for (var event : watch.of(live.namespace())) {
        seen.add(event.uid());
        if (!Objects.equals(written.get(event.uid()), event.resourceVersion())) {
          changed.computeIfAbsent(live.id(), id -> new ArrayList<>()).add(event);
        }
      }
    }
    var count = rows.write(changed);
    changed
        .values()
        .forEach(events -> events.forEach(e -> written.put(e.uid(), e.resourceVersion())));
    // Events the cluster expired, or of deployments gone, need no memory
    written.keySet().retainAll(seen);
    if (count > 0) {
      LOG.debugf("mirrored %d cluster events", count);
    }
  }
}
