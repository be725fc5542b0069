package dev.kubedeploy.api.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document, health and Prometheus metrics. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class OpenApiAndMetricsTest {

  @Test
  void theOpenApiDocumentDescribesEveryEndpointWithErrorExamples() {
    var paths = "paths.'/api/v1/deployments/{uid}'";
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/v1/deployments"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/upgrade"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/scale"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/reconcile"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/history"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/events"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/revisions"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/rollback"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/suspend"))
        .body("paths", hasKey("/api/v1/deployments/{uid}/resume"))
        .body("paths", hasKey("/api/v1/products/{slug}/templates"))
        .body("paths", hasKey("/api/v1/templates/{id}"))
        .body("paths", hasKey("/api/v1/tenants"))
        .body("paths", hasKey("/api/v1/users"))
        .body("paths", hasKey("/api/v1/me"))
        .body(
            paths + ".patch.responses.'412'.'$ref'",
            equalTo("#/components/responses/PreconditionFailed"))
        .body(
            paths + ".patch.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
        .body(
            paths + ".patch.responses.'413'.'$ref'",
            equalTo("#/components/responses/PayloadTooLarge"))
        .body(
            "components.responses.ValidationFailed.content.'application/problem+json'.example.status",
            equalTo(422))
        .body("components.schemas.Problem", notNullValue())
        .body(
            "components.schemas.DeploymentCreate.properties.name.examples[0]", equalTo("team-wiki"))
        .body("components.schemas.DeploymentCreate.properties", hasKey("template_id"))
        .body(
            "paths.'/api/v1/deployments'.post.responses.'201'.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/DeploymentRead"))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
  }

  @Test
  void healthIsUpWithTheDatabaseCheck() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void theQueuedJobsGaugeCountsQueuedJobs() {
    var user = Api.createUser(Api.unique("gauged"));
    var product = Api.unique("gauge");
    Api.createProduct(product);
    Api.createDeployment(user, Api.createTemplate(product, Map.of()), "gauged");

    var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    var queued =
        Db.sql().count("SELECT count(*) FROM deployment_reconcile_job WHERE status = 'queued'");

    assertThat(queued).isPositive();
    assertThat(metrics).contains("kubedeploy_reconcile_jobs_queued " + (double) queued);
  }

  @Test
  void metricsShowRequestTimingsAndQueuedJobs() {
    Api.as(Api.ADMIN).get("/api/v1/me").then().statusCode(200);

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("kubedeploy_reconcile_jobs_queued"))
        .body(containsString("http_server_requests_seconds_count{"))
        .body(containsString("uri=\"/me\""));
  }
}
