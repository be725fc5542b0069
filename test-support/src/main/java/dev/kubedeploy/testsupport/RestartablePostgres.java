package dev.kubedeploy.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * An embedded PostgreSQL 17 of a test's own that can be stopped and started again on the same port
 * and data, as a database server restart looks to its clients. {@link TestDatabase}'s shared server
 * cannot be restarted: other suites in the JVM use it.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path dataDir;
  private final Path workDir;
  private final int port;
  private EmbeddedPostgres postgres;

  private RestartablePostgres(Path dir, int port) {
    this.dataDir = dir.resolve("data");
    this.workDir = dir.resolve("work");
    this.port = port;
  }

  /** Initialises a server under {@code dir} on a free port and starts it. */
  public static RestartablePostgres start(Path dir) {
    var server = new RestartablePostgres(dir, ServiceProcess.freePort());
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  public synchronized boolean running() {
    return postgres != null;
  }

  /** Starts the server on its port and data again; does nothing when it runs. */
  public synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      Files.createDirectories(workDir);
      System.setProperty("ot.epg.working-dir", workDir.toString());
      postgres =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(workDir.toFile())
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              // three reconcilers, the API and the test, each with a pool
              .setServerConfig("max_connections", "300")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
    }
  }

  /** Stops the server: every client connection ends, new ones are refused until {@link #start}. */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
    } finally {
      postgres = null;
    }
  }

  /** Creates a database and returns how to reach it directly (not through any proxy). */
  public TestDatabase.Coordinates createDatabase(String name) {
    try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return new TestDatabase.Coordinates(jdbcUrl(name), "postgres", "");
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public void close() {
    stop();
  }
}
