package dev.kubedeploy.api.migration;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A one-shot run of {@link MigrationCheck} ({@code -Dapp.migration-check=pre|post}, with {@code
 * quarkus.init-and-exit}): prints the report and exits non-zero on a violation, so that the
 * migration Job and {@code bin/migration-check} stop there.
 */
@ApplicationScoped
class MigrationCheckRun {

  private static final Logger LOG = Logger.getLogger(MigrationCheckRun.class);

  void runWhenAsked(
      @Observes StartupEvent event,
      @ConfigProperty(name = "app.migration-check") Optional<String> phase,
      AgroalDataSource dataSource) {
    if (phase.isEmpty()) {
      return;
    }
    var asked = MigrationCheck.Phase.valueOf(phase.get().toUpperCase(Locale.ROOT));
    try (var connection = dataSource.getConnection()) {
      var report = MigrationCheck.run(connection, asked);
      report.lines().forEach(line -> LOG.infof("migration check %s: %s", phase.get(), line));
      LOG.infof(
          "migration check %s: %s",
          phase.get(), report.passed() ? "passed" : report.violations().size() + " violation(s)");
      Quarkus.asyncExit(report.passed() ? 0 : 1);
    } catch (SQLException e) {
      LOG.errorf("migration check %s could not read the database: %s", phase.get(), e.getMessage());
      Quarkus.asyncExit(2);
    }
  }
}
