package dev.kubedeploy.api.support;

import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain SQL against the database the application under test uses. */
public final class Db {

  private Db() {}

  public static Sql sql() {
    var config = ConfigProvider.getConfig();
    return new Sql(
        new TestDatabase.Coordinates(
            config.getValue("quarkus.datasource.jdbc.url", String.class),
            config.getValue("quarkus.datasource.username", String.class),
            config.getOptionalValue("quarkus.datasource.password", String.class).orElse("")));
  }
}
