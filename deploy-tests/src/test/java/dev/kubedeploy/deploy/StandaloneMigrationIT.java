package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a pipeline migrates without a running service, against real databases: the parent
 * pom's Liquibase plugin ({@code bin/mvn -N liquibase:update}, as CI runs it) and the packaged
 * api-service with {@code -Dquarkus.init-and-exit=true} (as the chart's migration Job runs it).
 */
class StandaloneMigrationIT {

  private static final Duration MAVEN_DEADLINE = Duration.ofMinutes(5);
  private static final Duration SERVICE_DEADLINE = Duration.ofMinutes(2);

  @TempDir static Path work;

  /** Migrated once by the Liquibase plugin, shared by the tests (each only reads its schema). */
  private static TestDatabase.Coordinates migratedByPlugin;

  @BeforeAll
  static void migrateWithTheLiquibasePlugin() {
    migratedByPlugin = TestDatabase.createDatabase("standalone_plugin");

    var result =
        Command.of(
                Repository.path("bin/mvn").toString(),
                "-B",
                "-ntp",
                "-q",
                "-N",
                "liquibase:update",
                "-Ddb.url=" + migratedByPlugin.jdbcUrl(),
                "-Ddb.username=" + migratedByPlugin.username(),
                "-Ddb.password=" + migratedByPlugin.password())
            .directory(Repository.root())
            .run(MAVEN_DEADLINE);

    assertThat(result.succeeded()).as(result.output()).isTrue();
  }

  @Test
  void apiServiceStartsAndIsReadyOnADatabaseTheLiquibasePluginMigrated() throws Exception {
    assertThat(appliedChangesets(migratedByPlugin)).isNotEmpty();
    var port = ServiceProcess.freePort();

    try (var api = startApi(migratedByPlugin, port)) {
      api.awaitReady("http://127.0.0.1:" + port + "/q/health/ready", SERVICE_DEADLINE);
      api.awaitReady("http://127.0.0.1:" + port + "/q/health/started", SERVICE_DEADLINE);
      api.awaitReady("http://127.0.0.1:" + port + "/q/health/live", SERVICE_DEADLINE);
    }
  }

  @Test
  void initAndExitMigratesAFreshDatabaseExactlyAsThePluginDoesAndExitsZero() throws Exception {
    var fresh = TestDatabase.createDatabase("standalone_init_and_exit");

    var exitCode = runInitAndExit(fresh, "init-fresh");

    assertThat(exitCode).isZero();
    assertThat(appliedChangesets(fresh)).isEqualTo(appliedChangesets(migratedByPlugin));
  }

  @Test
  void initAndExitOnADatabaseThePluginAlreadyMigratedChangesNothing() throws Exception {
    var before = appliedChangesets(migratedByPlugin);

    var exitCode = runInitAndExit(migratedByPlugin, "init-again");

    assertThat(exitCode).isZero();
    assertThat(appliedChangesets(migratedByPlugin)).isEqualTo(before);
  }

  @Test
  void theJobsChecksPassAroundAMigrationAndStopItOnAViolation() throws Exception {
    var database = TestDatabase.createDatabase("standalone_checks");
    var job = RenderedChart.withTestValues().get("Job", RenderedChart.FULLNAME + "-migration");
    var pre = WorkloadsTest.texts(RenderedChart.podSpec(job).at("/initContainers/0/args"));
    var migrateThenPost = WorkloadsTest.texts(RenderedChart.container(job).path("args"));

    assertThat(run(pre, database, "check-pre")).isZero();
    assertThat(run(migrateThenPost, database, "migrate-check-post")).isZero();
    assertThat(appliedChangesets(database)).isEqualTo(appliedChangesets(migratedByPlugin));

    // A row whose reference is gone, as a manual fix with triggers disabled leaves it.
    new Sql(database)
        .update(
            "ALTER TABLE deployment_resource DISABLE TRIGGER ALL;"
                + " INSERT INTO deployment_resource (deployment_id, cpu_cores, memory_mb, storage_gb)"
                + " VALUES (424242, 1, 512, 1);"
                + " ALTER TABLE deployment_resource ENABLE TRIGGER ALL");
    assertThat(run(migrateThenPost, database, "migrate-check-post-again")).isOne();
  }

  @Test
  void migrationCheckCommandReportsAViolationWithItsExitCode() {
    var database = TestDatabase.createDatabase("standalone_check_command");
    assertThat(runInitAndExit(database, "check-command-migrate")).isZero();
    new Sql(database)
        .update(
            "ALTER TABLE deployment DROP CONSTRAINT deployment_status_check;"
                + " INSERT INTO users (tenant_id, username, email, subject)"
                + " SELECT id, 'a', 'a@x', 'a' FROM tenant;"
                + " INSERT INTO product (slug, name) VALUES ('p', 'P');"
                + " INSERT INTO product_template_version (product_id, version_label, chart_ref,"
                + " chart_version) SELECT id, '1', 'oci://charts.example.test/app', '1' FROM product;"
                + " INSERT INTO deployment (tenant_id, user_id, template_id, desired_template_id,"
                + " name, deployment_uid, namespace_name, release_name, status)"
                + " SELECT u.tenant_id, u.id, t.id, t.id, 'd', 'd-1', 'd-1', 'd-1', 'hibernating'"
                + " FROM users u, product_template_version t;"
                + " INSERT INTO deployment_resource (deployment_id, cpu_cores, memory_mb, storage_gb)"
                + " SELECT id, 1, 512, 1 FROM deployment");

    var result =
        Command.of(Repository.path("bin/migration-check").toString(), "post")
            .environment(
                Map.of(
                    "DATABASE_URL", database.jdbcUrl(),
                    "DATABASE_USER", database.username(),
                    "DATABASE_PASSWORD", database.password()))
            .directory(Repository.root())
            .run(SERVICE_DEADLINE);

    assertThat(result.exitCode()).as(result.output()).isOne();
    assertThat(result.output())
        .contains("rows deployment: 1")
        .contains("VIOLATION unknown status in deployment.status: 'hibernating' (1 rows)");
  }

  /** Runs the packaged api-service with {@code flags} to its exit; returns its exit code. */
  private static int run(List<String> flags, TestDatabase.Coordinates database, String name) {
    try (var process = start(flags, databaseEnvironment(database), name)) {
      return process.awaitExit(SERVICE_DEADLINE);
    }
  }

  /** Id and file of every applied changeset, in the order they ran. */
  private static List<Object> appliedChangesets(TestDatabase.Coordinates database) {
    return new Sql(database)
        .column("SELECT filename || '::' || id FROM databasechangelog ORDER BY orderexecuted");
  }

  /** Runs the jar the way the chart's migration Job does: the database only, no token settings. */
  private static int runInitAndExit(TestDatabase.Coordinates database, String name) {
    return run(
        List.of("-Dquarkus.init-and-exit=true", "-Dquarkus.liquibase.migrate-at-start=true"),
        database,
        name);
  }

  /**
   * Starts the api-service the way the chart's Deployment does: the database from environment
   * variables, a JWT issuer and a verification key file.
   */
  private static ServiceProcess startApi(TestDatabase.Coordinates database, int port)
      throws IOException {
    var environment = databaseEnvironment(database);
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    environment.put("MP_JWT_VERIFY_ISSUER", "https://issuer.test");
    environment.put("MP_JWT_VERIFY_AUDIENCES", "kubedeploy-api");
    environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + publicKeyFile());
    environment.put("APP_AUTH_AUTO_PROVISION_ENABLED", "false");
    return start(List.of(), environment, "api");
  }

  private static Map<String, String> databaseEnvironment(TestDatabase.Coordinates database) {
    var environment = new HashMap<String, String>();
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", database.username());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
    return environment;
  }

  /** Runs the packaged api-service; its output goes to NAME.log. */
  private static ServiceProcess start(
      List<String> flags, Map<String, String> environment, String name) {
    var jar = Path.of(System.getProperty("kubedeploy.api.jar"));
    return ServiceProcess.start(name, jar, flags, environment, work);
  }

  /** A PEM public key file like the one the chart mounts from its Secret. */
  private static Path publicKeyFile() throws IOException {
    var file = work.resolve("jwt-public-key.pem");
    if (Files.notExists(file)) {
      try {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var encoded =
            Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        Files.writeString(
            file, "-----BEGIN PUBLIC KEY-----\n" + encoded + "\n-----END PUBLIC KEY-----\n");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return file;
  }
}
