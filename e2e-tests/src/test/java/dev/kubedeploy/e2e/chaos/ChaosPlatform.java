package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.e2e.Platform;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.RestartablePostgres;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TcpProxy;
import dev.kubedeploy.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform a chaos run breaks: a PostgreSQL server of its own (so that it can be restarted),
 * the api-service and {@value ChaosSettings#RECONCILERS} reconcilers each connected to it through a
 * TCP proxy of its own (so that their connections can be cut or half-opened one by one), the
 * Kubernetes harness, and real helm. The services are started as {@link Platform} starts them.
 */
final class ChaosPlatform implements AutoCloseable {

  static final String ADMIN = "chaos-admin";
  private static final String DATABASE = "chaos";

  final RestartablePostgres postgres;
  final TestDatabase.Coordinates database;
  final KubeHarness cluster;
  final ServiceProcess api;
  final String apiUrl;

  /** The api-service's way to PostgreSQL. */
  final TcpProxy apiDatabase;

  final List<ReconcilerNode> reconcilers = new ArrayList<>();

  private ChaosPlatform(ChaosSettings settings, Path work) {
    postgres = RestartablePostgres.start(work.resolve("postgres"));
    database = postgres.createDatabase(DATABASE);
    cluster = KubeHarness.start();
    try {
      // the release role the reconcilers bind in each namespace, as the platform chart installs it
      cluster.apply(PlatformChartRbac.render());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var apiPort = ServiceProcess.freePort();
    apiUrl = "http://127.0.0.1:" + apiPort;
    apiDatabase = TcpProxy.start("127.0.0.1", postgres.port());
    api =
        ServiceProcess.start(
            "api",
            Platform.jar(Platform.API_JAR),
            List.of("-Xmx384m", "-XX:+UseSerialGC", Platform.MIGRATE_AT_START),
            Platform.apiEnvironment(through(apiDatabase), apiPort, ADMIN),
            work);
    api.awaitReady(apiUrl + "/q/health/ready", Duration.ofMinutes(3));
    for (var i = 1; i <= ChaosSettings.RECONCILERS; i++) {
      var proxy = TcpProxy.start("127.0.0.1", postgres.port());
      var reconcilerDatabase = through(proxy);
      var helmWork = work.resolve("helm-work-" + i);
      reconcilers.add(
          new ReconcilerNode(
              "reconciler-" + i,
              proxy,
              writer -> reconcilerEnvironment(settings, work, reconcilerDatabase, helmWork, writer),
              work));
    }
    // one after the other: three JVMs starting at once on two cores take longer than in a row
    reconcilers.forEach(ReconcilerNode::start);
  }

  static ChaosPlatform start(ChaosSettings settings, Path work) {
    return new ChaosPlatform(settings, work);
  }

  /** The chaos database, reached through {@code proxy}. */
  private TestDatabase.Coordinates through(TcpProxy proxy) {
    return new TestDatabase.Coordinates(
        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE,
        database.username(),
        database.password());
  }

  private Map<String, String> reconcilerEnvironment(
      ChaosSettings settings,
      Path work,
      TestDatabase.Coordinates reconcilerDatabase,
      Path helmWork,
      String writer) {
    var env =
        new HashMap<>(
            Platform.reconcilerEnvironment(
                reconcilerDatabase,
                WriterKubeconfig.write(cluster, work.resolve("kubeconfigs"), writer),
                Platform.sampleCharts(),
                helmWork));
    env.put("APP_HELM_DEADLINE_GRACE", "10s");
    env.put("APP_HELM_KILL_GRACE", "3s");
    env.put("APP_QUEUE_CONCURRENCY", "3");
    env.put("APP_QUEUE_JOB_TIMEOUT", "2m");
    env.put("APP_QUEUE_LEASE_DURATION", settings.lease().toSeconds() + "s");
    env.put("APP_QUEUE_LEASE_HEARTBEAT_INTERVAL", "2s");
    // for reconcilers that give a job up when they could not renew its lease in time
    env.put("APP_QUEUE_LEASE_SAFETY_MARGIN", "2s");
    env.put("APP_QUEUE_LEASE_SWEEP_INTERVAL", "1s");
    env.put("APP_QUEUE_RETRY_INITIAL_DELAY", "1s");
    env.put("APP_QUEUE_RETRY_MAX_DELAY", "4s");
    env.put("APP_QUEUE_RETRY_MAX_ATTEMPTS", "4");
    env.put("APP_QUEUE_RESYNC_INTERVAL", "30s");
    env.put("APP_QUEUE_RESYNC_CHECK_INTERVAL", "5s");
    env.put("APP_QUEUE_SHUTDOWN_GRACE_PERIOD", "5s");
    env.put("APP_QUEUE_LISTEN_RECONNECT_MAX_DELAY", "2s");
    return env;
  }

  /**
   * Ends every fault: database up and connected (for the API too), reconcilers running, the cluster
   * healthy.
   */
  void heal() {
    postgres.start();
    apiDatabase.resume();
    cluster.faults().clear();
    reconcilers.forEach(ReconcilerNode::heal);
  }

  @Override
  public void close() {
    for (var node : reconcilers) {
      Platform.closeQuietly(node);
    }
    Platform.closeQuietly(api);
    Platform.closeQuietly(apiDatabase);
    Platform.closeQuietly(cluster);
    Platform.closeQuietly(postgres);
  }
}
