package dev.kubedeploy.deploy;

import dev.kubedeploy.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The packaged api-service the build made, and the production settings it needs to start. */
final class PackagedApi {

  private PackagedApi() {}

  static Path jar() {
    return Path.of(System.getProperty("kubedeploy.api.jar"));
  }

  /**
   * The environment of a production start on {@code database} and {@code port}: the database, the
   * migrations, an issuer and the dev public key, but no audience, which a test adds or leaves out.
   */
  static Map<String, String> environment(TestDatabase.Coordinates database, int port) {
    var environment = new HashMap<String, String>();
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", database.username());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
    environment.put("QUARKUS_LIQUIBASE_MIGRATE_AT_START", "true");
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    environment.put("MP_JWT_VERIFY_ISSUER", "https://issuer.test");
    environment.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
        "file:" + Repository.path("api-service/src/test/resources/dev-keys/public-key.pem"));
    return environment;
  }
}
