package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.TcpProxy;
import dev.kubedeploy.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the health checks read of the claim loops: they count as running only between start and
 * stop; a loop blocked for real (a read on a partitioned network, bounded by a socket timeout
 * longer than the stall threshold) stalls until the network is back; and a database outage never
 * stalls them, since a round that fails on the database ends its iteration like any other.
 */
class ClaimLoopsStatusTest {

  private static final Duration STALL = Duration.ofSeconds(1);

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  @Test
  void loopsCountAsRunningOnlyBetweenStartAndStop() {
    var engine =
        new QueueEngine(
            db.dataSource,
            TestSettings.owner("lifecycle").build(),
            RecordingStep.succeeding(),
            new QueueMetrics(new SimpleMeterRegistry()));
    assertThat(engine.claimLoops().running()).isFalse();

    engine.start();
    try {
      assertThat(engine.claimLoops().running()).isTrue();
      assertThat(engine.claimLoops().loops())
          .hasSize(2)
          .allSatisfy(loop -> assertThat(loop.name()).startsWith("reconcile-claimer-lifecycle-"));
      // idle loops poll every 200 ms, and every poll is an iteration
      await()
          .during(STALL.multipliedBy(2))
          .atMost(STALL.multipliedBy(3))
          .until(() -> engine.claimLoops().stalledLongerThan(STALL).isEmpty());
    } finally {
      engine.stop(Duration.ZERO);
    }

    assertThat(engine.claimLoops().running()).isFalse();
    assertThat(engine.claimLoops().stalledLongerThan(Duration.ZERO)).isEmpty();
  }

  @Test
  void aLoopBlockedOnAPartitionedNetworkStallsUntilTheNetworkIsBack() {
    var partitionedReads =
        new QueueTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(30));
    try (var proxy = proxyToTheDatabase();
        var pool = QueueDatabase.pool(through(proxy), 10);
        var engines = new Engines()) {
      var engine =
          engines.start(
              pool,
              TestSettings.owner("partitioned").listen(false).timeouts(partitionedReads).build(),
              RecordingStep.succeeding());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.claimLoops().stalledLongerThan(STALL).isEmpty());

      proxy.halfOpen();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !engine.claimLoops().stalledLongerThan(STALL).isEmpty());
      assertThat(engine.claimLoops().running()).as("the stuck thread is alive").isTrue();

      proxy.resume();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.claimLoops().stalledLongerThan(STALL).isEmpty());
    }
  }

  @Test
  void aDatabaseOutageNeverStallsTheLoops() {
    var deployment = db.deployments(1).getFirst();
    var fastFailures =
        new QueueTimeouts(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(500));
    try (var proxy = proxyToTheDatabase();
        var pool = QueueDatabase.pool(through(proxy), 10);
        var engines = new Engines()) {
      var database = new FailingDataSource(pool);
      var engine =
          engines.start(
              database,
              TestSettings.owner("outage").timeouts(fastFailures).build(),
              RecordingStep.succeeding());
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.listener().connected());

      database.fail(true);
      proxy.cutAll();

      await().atMost(Duration.ofSeconds(5)).until(() -> !engine.listener().connected());
      await()
          .during(STALL.multipliedBy(3))
          .atMost(STALL.multipliedBy(4))
          .until(() -> engine.claimLoops().stalledLongerThan(STALL).isEmpty());
      assertThat(engine.claimLoops().running()).isTrue();

      database.fail(false);
      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
  }

  private static TcpProxy proxyToTheDatabase() {
    var uri = URI.create(db.coordinates.jdbcUrl().substring("jdbc:".length()));
    return TcpProxy.start(uri.getHost(), uri.getPort());
  }

  /** The test database's coordinates, reached through {@code proxy}. */
  private static TestDatabase.Coordinates through(TcpProxy proxy) {
    var uri = URI.create(db.coordinates.jdbcUrl().substring("jdbc:".length()));
    return new TestDatabase.Coordinates(
        "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath(),
        db.coordinates.username(),
        db.coordinates.password());
  }
}
