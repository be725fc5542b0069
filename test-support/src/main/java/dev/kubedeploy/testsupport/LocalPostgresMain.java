package dev.kubedeploy.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The local run's PostgreSQL ({@code bin/platform up} without {@code DATABASE_URL}): an embedded
 * PostgreSQL 17 whose data survives restarts, serving until the process is stopped.
 *
 * <p>Arguments: data directory, port, database name. Prints {@code READY <jdbc url>} once the
 * database exists.
 */
public final class LocalPostgresMain {

  private LocalPostgresMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LocalPostgresMain DATA_DIR PORT DATABASE");
      System.exit(2);
    }
    var dataDir = Path.of(args[0]).toAbsolutePath();
    var port = Integer.parseInt(args[1]);
    var database = args[2];
    var workDir = dataDir.resolveSibling("postgres-work");
    Files.createDirectories(workDir);
    System.setProperty("ot.epg.working-dir", workDir.toString());
    var postgres =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(workDir.toFile())
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    System.err.println("stopping PostgreSQL failed: " + e.getMessage());
                  }
                }));
    createDatabaseIfMissing(port, database);
    System.out.println("READY jdbc:postgresql://127.0.0.1:" + port + "/" + database);
    Thread.currentThread().join();
  }

  private static void createDatabaseIfMissing(int port, String database) throws SQLException {
    try (var connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      if (!exists.executeQuery().next()) {
        try (var create = connection.createStatement()) {
          create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        }
      }
    }
  }
}
