package dev.kubedeploy.api.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.kubedeploy.testsupport.PostgresTestResource;
import dev.kubedeploy.testsupport.ProjectPaths;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is the API's contract, which the client module and the CLI are generated from:
 * it must be exactly what the code serves. {@code bin/openapi-export} rewrites it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class OpenApiDocumentTest {

  /** The system property that makes this test write the document instead of comparing it. */
  static final String EXPORT = "kubedeploy.openapi.export";

  private static final String DEPLOYMENTS = "paths.'/api/v1/deployments'";

  @Test
  void committedDocumentIsWhatTheCodeServes() throws IOException {
    var served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200);
    var document = served.extract().asString();
    var committed = ProjectPaths.resolve("docs/openapi.yaml");
    if (Boolean.getBoolean(EXPORT)) {
      Files.writeString(committed, document);
    }

    assertThat(Files.exists(committed) ? Files.readString(committed) : "")
        .as("docs/openapi.yaml is out of date: run bin/openapi-export")
        .isEqualTo(document);
  }

  @Test
  void everyOperationHasAUniqueOperationIdAndATag() {
    var ids = new ArrayList<String>();
    Map<String, Map<String, Map<String, Object>>> paths = json().getMap("paths");
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  assertThat(operation).as(method + " " + path).containsKeys("operationId", "tags");
                  ids.add((String) operation.get("operationId"));
                }));

    assertThat(ids).doesNotHaveDuplicates().contains("createDeployment", "listDeployments");
  }

  @Test
  void pagingParametersAreTypedWithTheBoundsTheApiEnforces() {
    var limit = parameter(DEPLOYMENTS + ".get", "limit");
    var cursor = parameter(DEPLOYMENTS + ".get", "cursor");

    assertThat(limit.get("schema"))
        .isEqualTo(
            Map.of(
                "type", "integer", "format", "int32", "minimum", 1, "maximum", 200, "default", 50));
    assertThat(cursor.get("schema")).isEqualTo(Map.of("type", "string"));
  }

  @Test
  void theModelsEnumsListTheValuesTheApiSpeaks() {
    var json = json();

    assertThat(json.getList("components.schemas.DeploymentStatus.enum"))
        .containsExactly(
            "pending",
            "reconciling",
            "running",
            "degraded",
            "stopped",
            "failed",
            "deleting",
            "deleted");
    assertThat(json.getList("components.schemas.PreviewStatus.enum"))
        .containsExactly("pending", "done", "failed");
    assertThat(parameter(DEPLOYMENTS + ".get", "status").get("schema"))
        .isEqualTo(Map.of("$ref", "#/components/schemas/DeploymentStatus"));
  }

  @Test
  void errorAnswersFollowTheShapeOfTheOperation() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .body(DEPLOYMENTS + ".get.responses.'422'.'$ref'", equalTo(ref("ValidationFailed")))
        .body(DEPLOYMENTS + ".post.responses.'409'.'$ref'", equalTo(ref("Conflict")))
        .body(DEPLOYMENTS + ".post.responses.'413'.'$ref'", equalTo(ref("PayloadTooLarge")))
        .body(
            "paths.'/api/v1/deployments/{uid}'.delete.responses.'412'.'$ref'",
            equalTo(ref("PreconditionFailed")))
        .body(
            "paths.'/api/v1/deployments/{uid}'.get.responses.'404'.'$ref'",
            equalTo(ref("NotFound")))
        .body("paths.'/api/v1/me'.get.responses", not(hasKey("404")));
  }

  private static Map<String, Object> parameter(String operation, String name) {
    List<Map<String, Object>> parameters = json().getList(operation + ".parameters");
    return parameters.stream().filter(p -> name.equals(p.get("name"))).findFirst().orElseThrow();
  }

  private static JsonPath json() {
    return given().queryParam("format", "json").get("/q/openapi").then().extract().jsonPath();
  }

  private static String ref(String component) {
    return "#/components/responses/" + component;
  }
}
