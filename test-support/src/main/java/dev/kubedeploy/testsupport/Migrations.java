package dev.kubedeploy.testsupport;

import java.sql.SQLException;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Runs the project's Liquibase changelog (found on the classpath) against a test database. */
public final class Migrations {

  public static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

  private Migrations() {}

  /** Applies every changeset. */
  public static void update(TestDatabase.Coordinates database) {
    run(database, liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
  }

  /** Applies the changesets up to and including the one that sets {@code tag}. */
  public static void updateToTag(TestDatabase.Coordinates database, String tag) {
    run(database, liquibase -> liquibase.update(tag, new Contexts(), new LabelExpression()));
  }

  /** Rolls back every changeset applied after {@code tag}. */
  public static void rollbackToTag(TestDatabase.Coordinates database, String tag) {
    run(database, liquibase -> liquibase.rollback(tag, new Contexts(), new LabelExpression()));
  }

  private interface LiquibaseAction {
    void accept(Liquibase liquibase) throws LiquibaseException;
  }

  private static void run(TestDatabase.Coordinates database, LiquibaseAction action) {
    try (var connection = database.connect()) {
      var target =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      try (var liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), target)) {
        action.accept(liquibase);
      }
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException("migration failed: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
