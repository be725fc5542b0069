package dev.kubedeploy.reconciler.queue;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Guards writes of a job's result: inside the writer's transaction it locks the job row and checks
 * that this run still holds the lease, identified by the claim's epoch (a stale run of the same job
 * by the same instance has an older one). The lock keeps a takeover from slipping in between the
 * check and the commit. It locks the deployment row first: one lock order everywhere (deployment
 * before job, as the API's writes and the queue's settlements take them), so that the step's own
 * write of the deployment cannot deadlock with them.
 */
@ApplicationScoped
public class LeaseFence {

  @Transactional(Transactional.TxType.MANDATORY)
  public void assertHeld(ReconcileRequest request) {
    var entityManager = Panache.getEntityManager();
    entityManager
        .createNativeQuery("SELECT 1 FROM deployment WHERE id = ?1 FOR UPDATE")
        .setParameter(1, request.deploymentId())
        .getResultList();
    var held =
        entityManager
            .createNativeQuery(
                """
                SELECT 1 FROM deployment_reconcile_job
                 WHERE id = ?1 AND claim_epoch = ?2 AND locked_by = ?3 AND status = 'running'
                   AND lease_expires_at > now()
                   FOR UPDATE
                """)
            .setParameter(1, request.jobId())
            .setParameter(2, request.claimEpoch())
            .setParameter(3, request.owner())
            .getResultList();
    if (held.isEmpty()) {
      throw new LeaseLostException(request);
    }
  }
}
