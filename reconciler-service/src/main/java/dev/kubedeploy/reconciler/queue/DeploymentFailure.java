package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;

/** What a failed attempt writes on its deployment: the error users see, or the failed status. */
final class DeploymentFailure {

  private static final String SHOW_ERROR = "UPDATE deployment SET last_error = ? WHERE id = ?";

  /** The reason and message stay those of the first failure until the status changes again. */
  private static final String FAIL_DEPLOYMENT =
      """
      UPDATE deployment
         SET last_error = ?,
             status_reason = CASE WHEN status = 'failed' THEN status_reason ELSE ? END,
             status_message = CASE WHEN status = 'failed' THEN status_message ELSE ? END,
             status_changed_at = CASE WHEN status = 'failed' THEN status_changed_at ELSE now() END,
             observed_generation = generation, status = 'failed', updated_at = now()
       WHERE id = ?
      """;

  private static final String RECORD_FAILED =
      """
      INSERT INTO deployment_status_history (deployment_id, old_status, new_status, changed_by, reason)
      VALUES (?, ?, 'failed', NULL, ?)
      """;

  /** The generation the deployment wants failed; one that was applied before stays applied. */
  private static final String RECORD_REVISION_FAILED =
      """
      UPDATE deployment_revision r SET outcome = 'failed', outcome_at = now()
        FROM deployment d
       WHERE d.id = ? AND r.deployment_id = d.id AND r.generation = d.generation
         AND r.outcome = 'pending'
      """;

  private DeploymentFailure() {}

  /** While a job retries, users see why on the deployment. */
  static void showError(
      Connection connection, long deploymentId, String deploymentStatus, String error)
      throws SQLException {
    if (error != null && !"deleted".equals(deploymentStatus)) {
      QueueStatements.update(connection, SHOW_ERROR, error, deploymentId);
    }
  }

  /** Fails the deployment with {@code error}; its status history says {@code reason}. */
  static void failDeployment(
      Connection connection,
      long deploymentId,
      String deploymentStatus,
      String error,
      String reason)
      throws SQLException {
    if ("deleted".equals(deploymentStatus)) {
      return;
    }
    if ("deleting".equals(deploymentStatus)) {
      // The delete stays asked for: 'failed' would let a retry reinstall the release. The error
      // shows, and a reconcile request (POST .../reconcile) resumes the delete.
      QueueStatements.update(connection, SHOW_ERROR, error, deploymentId);
      return;
    }
    QueueStatements.update(
        connection, FAIL_DEPLOYMENT, error, FailureReason.of(error), error, deploymentId);
    QueueStatements.update(connection, RECORD_REVISION_FAILED, deploymentId);
    if (!"failed".equals(deploymentStatus)) {
      QueueStatements.update(connection, RECORD_FAILED, deploymentId, deploymentStatus, reason);
    }
  }
}
