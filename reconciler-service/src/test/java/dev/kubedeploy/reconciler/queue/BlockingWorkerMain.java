package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A reconciler instance in a process of its own for {@link KilledWorkerTest}: it claims jobs, says
 * {@code STARTED <job id>} on standard output and blocks in the step until the process is killed.
 *
 * <p>Arguments: JDBC URL, user, password, owner name.
 */
public final class BlockingWorkerMain {

  private BlockingWorkerMain() {}

  public static void main(String[] args) throws Exception {
    var coordinates = new TestDatabase.Coordinates(args[0], args[1], args[2]);
    var dataSource = QueueDatabase.pool(coordinates, 5);
    var forever = new CountDownLatch(1);
    ReconcileStep step =
        request -> {
          System.out.println("STARTED " + request.jobId());
          System.out.flush();
          forever.await();
        };
    var settings =
        TestSettings.owner(args[3])
            .concurrency(1)
            .lease(Duration.ofSeconds(2), Duration.ofMillis(500))
            .build();
    new QueueEngine(dataSource, settings, step, new QueueMetrics(new SimpleMeterRegistry()))
        .start();
    forever.await();
  }
}
