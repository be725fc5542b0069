package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A reconciler instance in a process of its own for {@link KilledWorkerTest}: it claims jobs, says
 * {@code STARTED <job id>} on standard output and blocks in the step until the process is killed;
 * or, given {@code crash}, its step takes the process down at once, as a reconcile that runs out of
 * memory would.
 *
 * <p>Arguments: JDBC URL, user, password, owner name, and optionally {@code crash}.
 */
public final class BlockingWorkerMain {

  /**
   * The exit status of a process whose step crashed it: a JVM's with {@code
   * -XX:+ExitOnOutOfMemoryError}, and not a SIGKILL's (137), which the test sends to end a worker.
   */
  static final int CRASHED = 3;

  private BlockingWorkerMain() {}

  public static void main(String[] args) throws Exception {
    var coordinates = new TestDatabase.Coordinates(args[0], args[1], args[2]);
    var dataSource = QueueDatabase.pool(coordinates, 5);
    var forever = new CountDownLatch(1);
    var crash = args.length > 4 && args[4].equals("crash");
    ReconcileStep step =
        request -> {
          System.out.println("STARTED " + request.jobId());
          System.out.flush();
          if (crash) {
            Runtime.getRuntime().halt(CRASHED);
          }
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
