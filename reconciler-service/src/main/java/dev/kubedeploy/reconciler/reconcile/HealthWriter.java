package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import dev.kubedeploy.reconciler.kube.ReleaseHealth;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves a live deployment between {@code running} and {@code degraded} as its pods say, outside any
 * reconcile job. Only a deployment at rest is touched: running or degraded, its desired generation
 * applied, not being deleted, no job running for it; and the check is made again on the locked row,
 * so that a desired change that raced the health check wins.
 */
@ApplicationScoped
public class HealthWriter {

  /** A deployment the health check looks at, as it was read. */
  public record Live(
      long id,
      String namespace,
      String release,
      long generation,
      DeploymentStatus status,
      String reason,
      String message) {

    /** Whether {@code health} says something the row does not already. */
    public boolean differsFrom(ReleaseHealth health) {
      var wanted = health.healthy() ? DeploymentStatus.RUNNING : DeploymentStatus.DEGRADED;
      return status != wanted
          || (!health.healthy()
              && (!Objects.equals(reason, health.reason())
                  || !Objects.equals(message, health.message())));
    }
  }

  private static final String AT_REST =
      """
      SELECT d.id, d.namespace_name, d.release_name, d.generation, d.status, d.status_reason,
             d.status_message
        FROM deployment d
       WHERE d.deleted_at IS NULL AND d.status IN ('running', 'degraded')
         AND d.applied_generation = d.generation
         AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                          WHERE j.deployment_id = d.id AND j.status = 'running')
       ORDER BY d.id
      """;

  /** The deployments the health check looks at. */
  @Transactional
  public List<Live> atRest() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = Panache.getEntityManager().createNativeQuery(AT_REST).getResultList();
    return rows.stream()
        .map(
            row ->
                new Live(
                    ((Number) row[0]).longValue(),
                    (String) row[1],
                    (String) row[2],
                    ((Number) row[3]).longValue(),
                    DeploymentStatus.valueOf(((String) row[4]).toUpperCase(Locale.ROOT)),
                    (String) row[5],
                    (String) row[6]))
        .toList();
  }

  /**
   * Records what the health check found; returns the status the deployment moved to, or empty when
   * its status stayed (a degraded release whose reason changed keeps its status and writes no
   * history).
   */
  @Transactional
  public Optional<DeploymentStatus> record(
      Live live, ReleaseHealth health, ObservedRelease observed) {
    Deployment row = Deployment.findById(live.id(), LockModeType.PESSIMISTIC_WRITE);
    if (row == null
        || row.deletedAt != null
        || row.generation != live.generation()
        || !Objects.equals(row.appliedGeneration, live.generation())
        || (row.status != DeploymentStatus.RUNNING && row.status != DeploymentStatus.DEGRADED)) {
      return Optional.empty();
    }
    ReplicaRows.replace(row, observed);
    if (health.healthy()) {
      if (row.status == DeploymentStatus.RUNNING) {
        return Optional.empty();
      }
      StatusWriter.changeStatus(
          row,
          DeploymentStatus.RUNNING,
          StatusReasons.RECOVERED,
          "recovered: "
              + observed.readyReplicas()
              + "/"
              + observed.desiredReplicas()
              + " replicas ready");
      return Optional.of(DeploymentStatus.RUNNING);
    }
    if (row.status == DeploymentStatus.DEGRADED) {
      row.statusReason = health.reason();
      row.statusMessage = health.message();
      return Optional.empty();
    }
    StatusWriter.changeStatus(row, DeploymentStatus.DEGRADED, health.reason(), health.message());
    return Optional.of(DeploymentStatus.DEGRADED);
  }
}
