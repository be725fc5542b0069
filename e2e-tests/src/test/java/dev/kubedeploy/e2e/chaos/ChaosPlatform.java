package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.ProjectPaths;
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
 * the api-service connected to it directly, {@value ChaosSettings#RECONCILERS} reconcilers each
 * behind a TCP proxy, the Kubernetes harness, and real helm.
 */
final class ChaosPlatform implements AutoCloseable {

  static final String ADMIN = "chaos-admin";
  private static final String DATABASE = "chaos";

  final RestartablePostgres postgres;
  final TestDatabase.Coordinates database;
  final KubeHarness cluster;
  final ServiceProcess api;
  final String apiUrl;
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
    api =
        ServiceProcess.start(
            "api",
            Path.of(System.getProperty("kubedeploy.api.jar")),
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-Dquarkus.liquibase.migrate-at-start=true"),
            Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "QUARKUS_HTTP_PORT", Integer.toString(apiPort),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                    ProjectPaths.resolve("api-service/src/test/resources/dev-keys/public-key.pem")
                        .toString(),
                "MP_JWT_VERIFY_ISSUER", "kubedeploy-dev",
                "MP_JWT_VERIFY_AUDIENCES", "kubedeploy-api",
                "APP_AUTH_BOOTSTRAP_ADMIN_SUBJECT", ADMIN),
            work);
    api.awaitReady(apiUrl + "/q/health/ready", Duration.ofMinutes(3));
    var helm = HelmBinary.configuredOrDefault().toString();
    for (var i = 1; i <= ChaosSettings.RECONCILERS; i++) {
      var proxy = TcpProxy.start("127.0.0.1", postgres.port());
      var url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE;
      var helmWork = work.resolve("helm-work-" + i);
      reconcilers.add(
          new ReconcilerNode(
              "reconciler-" + i,
              proxy,
              writer -> reconcilerEnvironment(settings, work, url, helm, helmWork, writer),
              work));
    }
    // one after the other: three JVMs starting at once on two cores take longer than in a row
    reconcilers.forEach(ReconcilerNode::start);
  }

  static ChaosPlatform start(ChaosSettings settings, Path work) {
    return new ChaosPlatform(settings, work);
  }

  private Map<String, String> reconcilerEnvironment(
      ChaosSettings settings, Path work, String url, String helm, Path helmWork, String writer) {
    var env = new HashMap<String, String>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
    env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
    env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
    env.put("APP_HELM_BINARY", helm);
    env.put("APP_HELM_WORK_DIR", helmWork.toString());
    env.put(
        "APP_HELM_KUBECONFIG",
        WriterKubeconfig.write(cluster, work.resolve("kubeconfigs"), writer).toString());
    env.put("APP_HELM_LOCAL_CHART_DIR", ProjectPaths.resolve("deploy/sample-charts").toString());
    env.put("APP_KUBE_RELEASE_CLUSTER_ROLE", PlatformChartRbac.RELEASE_ROLE);
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

  /** Ends every fault: database up and connected, reconcilers running, the cluster healthy. */
  void heal() {
    postgres.start();
    cluster.faults().clear();
    reconcilers.forEach(ReconcilerNode::heal);
  }

  @Override
  public void close() {
    for (var node : reconcilers) {
      closeQuietly(node);
    }
    closeQuietly(api);
    closeQuietly(cluster);
    closeQuietly(postgres);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // keep closing the others
    }
  }
}
