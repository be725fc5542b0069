package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.model.deployment.DeploymentResource;
import dev.kubedeploy.model.job.JobStatus;
import dev.kubedeploy.model.job.ReconcileJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds {@link DeploymentRead}s, reading the resource and replica rows they show. */
@ApplicationScoped
class DeploymentReads {

  /** Selects a deployment with what its read shows, for a WHERE to be appended. */
  static final String SELECT_WITH_RESOURCES =
      "select d, r from Deployment d"
          + " join fetch d.desiredTemplate t join fetch t.product join fetch d.user u"
          + " join DeploymentResource r on r.deployment = d";

  private final EntityManager entityManager;

  DeploymentReads(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * A deployment just created by {@code ownerName} (known already, so the user row is not read
   * again); no pod can have been observed yet.
   */
  DeploymentRead created(Deployment deployment, DeploymentResource resource, String ownerName) {
    return of(deployment, resource, ownerName, Map.of(), Map.of());
  }

  /** One deployment whose resource row is already at hand. */
  DeploymentRead of(Deployment deployment, DeploymentResource resource) {
    var ids = List.of(deployment.id);
    return of(deployment, resource, deployment.user.username, replicas(ids), retries(ids));
  }

  /** One deployment; reads its resource row. */
  DeploymentRead of(Deployment deployment) {
    return of(deployment, entityManager.find(DeploymentResource.class, deployment.id));
  }

  /** Rows of {@link #SELECT_WITH_RESOURCES}, with their replicas read in one query. */
  List<DeploymentRead> of(List<Object[]> rows) {
    var ids = rows.stream().map(row -> ((Deployment) row[0]).id).toList();
    var replicas = replicas(ids);
    var retries = retries(ids);
    return rows.stream()
        .map(
            row -> {
              var d = (Deployment) row[0];
              return of(d, (DeploymentResource) row[1], d.user.username, replicas, retries);
            })
        .toList();
  }

  private static DeploymentRead of(
      Deployment d,
      DeploymentResource resource,
      String ownerName,
      Map<Long, List<ReplicaRead>> replicas,
      Map<Long, ReconcileJob> retries) {
    var retry = retries.get(d.id);
    return new DeploymentRead(
        d.deploymentUid,
        d.name,
        d.desiredTemplate.product.slug,
        ownerName,
        d.domainname,
        d.namespaceName,
        d.releaseName,
        d.desiredTemplate.id,
        d.appliedTemplate == null ? null : d.appliedTemplate.id,
        JsonText.parse(d.userValuesJson),
        d.targetReplicas,
        ComputeResources.of(resource),
        d.status,
        d.generation,
        d.appliedGeneration,
        d.lastError,
        d.lastReconcileAt,
        d.createdAt,
        d.updatedAt,
        d.deletedAt,
        d.suspendedAt,
        ObservedReplicas.of(d.targetReplicas, replicas.getOrDefault(d.id, List.of())),
        DeploymentConditions.of(d, retry != null),
        retry == null ? null : retry.attempt,
        retry == null ? null : retry.maxAttempts,
        retry == null ? null : retry.runAfter);
  }

  /** The queued jobs waiting to retry after a failed attempt, by deployment id. */
  private Map<Long, ReconcileJob> retries(Collection<Long> deploymentIds) {
    if (deploymentIds.isEmpty()) {
      return Map.of();
    }
    return entityManager
        .createQuery(
            "select j from ReconcileJob j where j.deploymentId in :ids"
                + " and j.status = :queued and j.attempt > 0",
            ReconcileJob.class)
        .setParameter("ids", deploymentIds)
        .setParameter("queued", JobStatus.QUEUED)
        .getResultStream()
        .collect(Collectors.toMap(j -> j.deploymentId, j -> j));
  }

  private Map<Long, List<ReplicaRead>> replicas(Collection<Long> deploymentIds) {
    if (deploymentIds.isEmpty()) {
      return Map.of();
    }
    return entityManager
        .createQuery(
            "select r from DeploymentReplica r where r.deployment.id in :ids order by r.podName",
            DeploymentReplica.class)
        .setParameter("ids", deploymentIds)
        .getResultStream()
        .collect(
            Collectors.groupingBy(
                r -> r.deployment.id, Collectors.mapping(ReplicaRead::of, Collectors.toList())));
  }
}
