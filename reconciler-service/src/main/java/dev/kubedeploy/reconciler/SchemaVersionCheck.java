package dev.kubedeploy.reconciler;

import io.quarkus.liquibase.LiquibaseFactory;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.changelog.ChangeSet;
import liquibase.exception.LiquibaseException;

/**
 * Refuses to start the reconciler on a database whose schema is behind the model it was built with:
 * the api-service's migration (or CI's) must run first.
 */
@Startup
@ApplicationScoped
public class SchemaVersionCheck {

  SchemaVersionCheck(LiquibaseFactory liquibaseFactory) throws LiquibaseException {
    try (var liquibase = liquibaseFactory.createLiquibase()) {
      var pending = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression());
      if (!pending.isEmpty()) {
        throw new IllegalStateException(
            "database schema is behind: "
                + pending.size()
                + " changeset(s) not applied ("
                + pending.stream().map(ChangeSet::getId).collect(Collectors.joining(", "))
                + "); run the migrations first (docs/operations.md)");
      }
    }
  }
}
