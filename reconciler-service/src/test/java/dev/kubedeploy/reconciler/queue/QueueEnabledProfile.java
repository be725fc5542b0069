package dev.kubedeploy.reconciler.queue;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * Runs the queue in the service with {@link ScriptedStep}. The poll interval is long, so that a job
 * that starts promptly was woken by NOTIFY.
 */
public class QueueEnabledProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "app.queue.enabled", "true",
        "app.queue.instance-name", "quarkus-test",
        "app.queue.poll-interval", "30s",
        "app.queue.retry.initial-delay", "50ms",
        "app.queue.retry.max-delay", "200ms",
        "app.queue.retry.max-attempts", "1",
        // the tests call the resync check themselves: a periodic one fired 10 s after start,
        // in the middle of whichever test ran then, and queued jobs that test did not expect
        "app.queue.resync.enabled", "false",
        "app.queue.resync.check-interval", "1h",
        "app.queue.metrics.depth-interval", "1s");
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(ScriptedStep.class);
  }
}
