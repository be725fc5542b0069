package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobPrunerTest {

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();

  @Test
  void deletesDoneAndDeadJobsPastTheRetentionInBatchesAndKeepsTheRest() throws Exception {
    var deployments = db.deployments(7);
    for (var deployment : deployments) {
      db.enqueueNew(deployment, "create");
    }
    db.sql.update(
        "UPDATE deployment_reconcile_job SET status = 'done',"
            + " updated_at = now() - interval '2 days' WHERE deployment_id = ANY (?)",
        (Object) deployments.subList(0, 4).toArray(Long[]::new));
    db.sql.update(
        "UPDATE deployment_reconcile_job SET status = 'dead', updated_at = now() - interval '2 days'"
            + " WHERE deployment_id = ?",
        deployments.get(4));
    db.sql.update(
        "UPDATE deployment_reconcile_job SET status = 'done' WHERE deployment_id = ?",
        deployments.get(5));

    var deleted = new JobPruner(db.dataSource).prune(Duration.ofDays(1), 2);

    assertThat(deleted).isEqualTo(5);
    assertThat(
            db.sql.column(
                "SELECT deployment_id FROM deployment_reconcile_job ORDER BY deployment_id"))
        .containsExactly(deployments.get(5), deployments.get(6));
  }
}
