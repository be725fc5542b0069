package dev.kubedeploy.reconciler.queue;

/** The job's lease expired and another instance took it over: this worker's result is void. */
public class LeaseLostException extends RuntimeException {

  public LeaseLostException(ReconcileRequest request) {
    super(
        "lease of job "
            + request.jobId()
            + " is no longer held by "
            + request.owner()
            + "; discarding this worker's result");
  }
}
