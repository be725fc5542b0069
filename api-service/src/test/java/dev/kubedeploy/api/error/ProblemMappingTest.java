package dev.kubedeploy.api.error;

import static dev.kubedeploy.api.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Input the API cannot read answers 400 or 413 with a problem document, never 500. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ProblemMappingTest {

  private String user;

  @BeforeEach
  void user() {
    user = Api.createUser(Api.unique("reader"));
  }

  @Test
  void malformedJsonAnswers400WithAProblem() {
    as(user)
        .body("{\"name\": \"x\", ")
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:kubedeploy:problem:malformed-request"))
        .body("status", equalTo(400))
        .body("detail", containsString("not valid JSON"))
        .body("detail", not(containsString("Exception")));
  }

  @Test
  void aWrongJsonTypeAnswers400NamingTheField() {
    as(user)
        .body("{\"name\": \"x\", \"template_id\": 1, \"target_replicas\": \"three\"}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("target_replicas"))
        .body("errors[0].message", equalTo("must be an integer"));
  }

  @Test
  void aWrongTypeInsideANestedObjectNamesItsPath() {
    as(user)
        .body("{\"name\": \"x\", \"template_id\": 1, \"resources\": {\"memory_mb\": [1]}}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("resources.memory_mb"));
  }

  @Test
  void anUnknownEnumValueAnswers400ListingTheAllowedOnes() {
    as(Api.ADMIN)
        .body(
            Map.of("version_label", "1", "package_type", "docker-image", "docker_image_url", "x:1"))
        .post("/api/v1/products/any/templates")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("package_type"))
        .body("errors[0].message", equalTo("'docker-image' is not one of: helm-chart"));
  }

  @Test
  void aBodyOverTheLimitAnswers413WithAProblem() {
    var big = "x".repeat(1024 * 1024 + 1);
    as(user)
        .body("{\"name\": \"" + big + "\"}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413))
        .body("type", equalTo("urn:kubedeploy:problem:payload-too-large"));
  }

  @Test
  void unknownFieldsAreIgnored() {
    as(user)
        .body(Map.of("target_replicas", 2, "colour", "blue"))
        .post("/api/v1/deployments/none-such/scale")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:kubedeploy:problem:not-found"));
  }

  @Test
  void aMissingBodyAnswers422() {
    as(user)
        .post("/api/v1/deployments")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("body"));
  }

  @Test
  void anotherMediaTypeAnswers415WithAProblem() {
    as(user)
        .contentType(ContentType.TEXT)
        .body("name=x")
        .post("/api/v1/deployments")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @Test
  void anUnknownPathAnswers404WithAProblem() {
    as(user)
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aBadCursorAnswers400AndAnOversizedLimit422() {
    as(user)
        .queryParam("cursor", "!!")
        .get("/api/v1/deployments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    as(user)
        .queryParam("limit", "201")
        .get("/api/v1/deployments")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("limit"));
    as(user)
        .queryParam("limit", "many")
        .get("/api/v1/deployments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    as(user)
        .queryParam("status", "sleeping")
        .get("/api/v1/deployments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"));
  }
}
