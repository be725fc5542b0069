package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The step of the queue's @QuarkusTests (enabled by {@link QueueEnabledProfile} only): it reads the
 * deployment's newest generation, runs what the test scripted, then records the generation as
 * applied behind the lease fence, as the real step does.
 */
@Alternative
@ApplicationScoped
public class ScriptedStep implements ReconcileStep {

  /** What one run saw. */
  record Run(long jobId, long deploymentId, long generation, String reason) {}

  private final ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
  private volatile RecordingStep.Behaviour script = request -> {};

  @Inject LeaseFence fence;

  void script(RecordingStep.Behaviour behaviour) {
    script = behaviour;
  }

  List<Run> runs() {
    return List.copyOf(runs);
  }

  List<Run> runsOf(long deploymentId) {
    return runs.stream().filter(run -> run.deploymentId() == deploymentId).toList();
  }

  @Override
  public void reconcile(ReconcileRequest request) throws Exception {
    long generation =
        QuarkusTransaction.requiringNew()
            .call(() -> Deployment.<Deployment>findById(request.deploymentId()).generation);
    runs.add(new Run(request.jobId(), request.deploymentId(), generation, request.reason()));
    script.run(request);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              fence.assertHeld(request);
              Deployment deployment = Deployment.findById(request.deploymentId());
              deployment.appliedGeneration = generation;
              deployment.status = DeploymentStatus.RUNNING;
            });
  }
}
