package dev.kubedeploy.api.support;

import java.util.List;

/** What the API wrote for a deployment, read with plain SQL. */
public final class DeploymentRows {

  private DeploymentRows() {}

  /** The reasons of the deployment's queued jobs (at most one). */
  public static List<Object> queuedReasons(String uid) {
    return Db.sql()
        .column(
            "SELECT j.reason FROM deployment_reconcile_job j JOIN deployment d ON d.id ="
                + " j.deployment_id WHERE d.deployment_uid = ? AND j.status = 'queued'",
            uid);
  }

  /** The reasons of the deployment's status history, newest first. */
  public static List<Object> historyReasons(String uid) {
    return Db.sql()
        .column(
            "SELECT h.reason FROM deployment_status_history h JOIN deployment d ON d.id ="
                + " h.deployment_id WHERE d.deployment_uid = ? ORDER BY h.id DESC",
            uid);
  }
}
