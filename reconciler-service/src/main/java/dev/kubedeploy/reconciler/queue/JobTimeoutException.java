package dev.kubedeploy.reconciler.queue;

import java.time.Duration;

/** An attempt ran longer than the job timeout; its worker was interrupted and the job retries. */
public class JobTimeoutException extends RuntimeException {

  public JobTimeoutException(Duration timeout, Throwable cause) {
    super("the attempt ran longer than the job timeout of " + timeout, cause);
  }
}
