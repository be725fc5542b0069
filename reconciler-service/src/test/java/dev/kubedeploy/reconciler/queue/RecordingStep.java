package dev.kubedeploy.reconciler.queue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A step that records every execution (who ran which job, when) and then does what it is told. */
final class RecordingStep implements ReconcileStep {

  /** One run of the step. Times are System.nanoTime() of this JVM. */
  record Execution(
      long jobId, long deploymentId, String owner, int attempt, long startNanos, long endNanos) {}

  /** What the step does after recording its start. */
  interface Behaviour {
    void run(ReconcileRequest request) throws Exception;
  }

  private final ConcurrentLinkedQueue<Execution> executions = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ReconcileRequest> started = new ConcurrentLinkedQueue<>();
  private volatile Behaviour behaviour;

  RecordingStep(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  static RecordingStep succeeding() {
    return new RecordingStep(request -> {});
  }

  void behave(Behaviour newBehaviour) {
    behaviour = newBehaviour;
  }

  @Override
  public void reconcile(ReconcileRequest request) throws Exception {
    var start = System.nanoTime();
    started.add(request);
    try {
      behaviour.run(request);
    } finally {
      executions.add(
          new Execution(
              request.jobId(),
              request.deploymentId(),
              request.owner(),
              request.attempt(),
              start,
              System.nanoTime()));
    }
  }

  /** Finished executions. */
  List<Execution> executions() {
    return List.copyOf(executions);
  }

  /** Requests whose execution started, finished or not. */
  List<ReconcileRequest> started() {
    return List.copyOf(started);
  }
}
