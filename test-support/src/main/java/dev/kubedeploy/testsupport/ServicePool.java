package dev.kubedeploy.testsupport;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.time.Duration;

/**
 * An Agroal pool set up as the services' datasource is (application.properties), for tests and
 * benchmarks that run the queue outside Quarkus: fatal errors discard a connection, and every
 * connection is validated before it is handed out, so that one whose backend was terminated or
 * restarted never reaches the next caller.
 */
public final class ServicePool {

  private ServicePool() {}

  public static AgroalDataSource open(
      TestDatabase.Coordinates coordinates, int size, Duration acquisitionTimeout) {
    try {
      return AgroalDataSource.from(
          new AgroalDataSourceConfigurationSupplier()
              .connectionPoolConfiguration(
                  pool ->
                      pool.maxSize(size)
                          .acquisitionTimeout(acquisitionTimeout)
                          .exceptionSorter(new PostgreSQLExceptionSorter())
                          .validateOnBorrow(true)
                          .connectionValidator(ConnectionValidator.defaultValidator())
                          .connectionFactoryConfiguration(
                              factory ->
                                  factory
                                      .jdbcUrl(coordinates.jdbcUrl())
                                      .principal(new NamePrincipal(coordinates.username()))
                                      .credential(new SimplePassword(coordinates.password())))));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
