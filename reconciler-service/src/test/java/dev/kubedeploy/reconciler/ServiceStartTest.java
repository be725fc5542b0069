package dev.kubedeploy.reconciler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The reconciler starts on a database that the migrations brought to the head of the schema. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
class ServiceStartTest {

  @Test
  void startsOnAMigratedDatabaseAndIsReady() {
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }
}
