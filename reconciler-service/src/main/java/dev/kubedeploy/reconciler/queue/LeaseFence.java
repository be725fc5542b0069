package dev.kubedeploy.reconciler.queue;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Guards writes of a job's result: inside the writer's transaction it locks the job row and checks
 * that this worker still holds the lease. The lock keeps a takeover from slipping in between the
 * check and the commit.
 */
@ApplicationScoped
public class LeaseFence {

  @Transactional(Transactional.TxType.MANDATORY)
  public void assertHeld(ReconcileRequest request) {
    var held =
        Panache.getEntityManager()
            .createNativeQuery(
                """
                SELECT 1 FROM deployment_reconcile_job
                 WHERE id = ?1 AND locked_by = ?2 AND status = 'running'
                   AND lease_expires_at > now()
                   FOR UPDATE
                """)
            .setParameter(1, request.jobId())
            .setParameter(2, request.owner())
            .getResultList();
    if (held.isEmpty()) {
      throw new LeaseLostException(request);
    }
  }
}
