package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static dev.kubedeploy.api.support.DeploymentRows.historyReasons;
import static dev.kubedeploy.api.support.DeploymentRows.queuedReasons;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.UserWithTemplate;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /deployments/{uid}/preview as the API answers it: the body judged as PATCH judges it, the
 * desired state it would make stored in a preview row, the deployment left alone. No reconciler
 * runs here (app.previews.wait-timeout is 0s in tests), so every accepted preview answers 202; the
 * e2e tests see the reconciler render one.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PreviewRequestTest {

  private static final String SECRET = "Tr0ub4dor-preview-51aa";

  private UserWithTemplate given;

  @BeforeEach
  void catalogAndUser() {
    given = UserWithTemplate.create("viewer", "prev");
  }

  @Test
  void aPreviewIsStoredPendingWithTheStateThePatchWouldMakeAndChangesNothing() {
    var uid = given.createDeployment("shown");
    var etag = as(given.user()).get(path(uid)).then().extract().header("ETag");
    var jobs = queuedReasons(uid);

    var location =
        as(given.user())
            .body(
                Map.of(
                    "user_values",
                    Map.of("replicaCount", 3, "image", Map.of("tag", "2.0")),
                    "resources",
                    Map.of("cpu_cores", 1, "memory_mb", 1024, "storage_gb", 2)))
            .post(path(uid) + "/preview")
            .then()
            .statusCode(202)
            .body("status", equalTo("pending"))
            .body("deployment_uid", equalTo(uid))
            .body("base_generation", equalTo(1))
            .body("changes", empty())
            .extract()
            .header("Location");

    assertThat(location).matches(".*/api/v1/deployments/" + uid + "/previews/\\d+$");
    as(given.user())
        .get(location)
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"))
        .body("error", nullValue());
    as(given.user())
        .get(path(uid))
        .then()
        .header("ETag", equalTo(etag))
        .body("generation", equalTo(1))
        .body("user_values.image", nullValue())
        .body("resources.memory_mb", equalTo(512));
    assertThat(queuedReasons(uid)).isEqualTo(jobs);
    assertThat(historyReasons(uid)).containsExactly("create");
    assertThat(
            Db.sql()
                .rows(
                    "SELECT p.user_values_json::text AS v, p.memory_mb, p.cpu_cores::text AS cpu,"
                        + " p.target_replicas, p.status FROM deployment_preview p"
                        + " JOIN deployment d ON d.id = p.deployment_id WHERE d.deployment_uid = ?",
                    uid))
        .singleElement()
        .satisfies(
            row -> {
              assertThat((String) row.get("v")).contains("\"tag\": \"2.0\"");
              assertThat(row.get("memory_mb")).isEqualTo(1024);
              assertThat(row.get("cpu")).isEqualTo("1.000");
              assertThat(row.get("target_replicas")).isEqualTo(1);
              assertThat(row.get("status")).isEqualTo("pending");
            });
  }

  @Test
  void aRenderedPreviewIsReadWithItsChangedObjects() {
    var uid = given.createDeployment("rendered");
    var location =
        as(given.user())
            .body(Map.of("user_values", Map.of("replicaCount", 2, "image", Map.of("tag", "1.0"))))
            .post(path(uid) + "/preview")
            .then()
            .statusCode(202)
            .extract()
            .header("Location");
    var id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

    // what the reconciler writes when it has rendered the preview
    Db.sql()
        .update(
            "UPDATE deployment_preview SET status = 'done', finished_at = now(), result_json ="
                + " ?::jsonb WHERE id = ?",
            """
            {"changes": [{"kind": "Deployment", "namespace": "ns", "name": "web",
              "change": "changed", "diff": "-  replicas: 1\\n+  replicas: 2\\n"}],
             "unchanged": 2}
            """,
            id);

    as(given.user())
        .get(location)
        .then()
        .statusCode(200)
        .body("status", equalTo("done"))
        .body("changes.kind", contains("Deployment"))
        .body("changes[0].change", equalTo("changed"))
        .body("changes[0].diff", containsString("+  replicas: 2"))
        .body("unchanged", equalTo(2));
  }

  @Test
  void aBadBodyIsRefusedAsPatchRefusesItAndStoresNoPreview() {
    var uid = given.createDeployment("refused");

    preview(uid, Map.of("user_values", List.of(1)))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("user_values"));
    preview(uid, Map.of("user_values", Map.of("replicaCount", 0, "image", Map.of("tag", "1"))))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.pointer", contains("/user_values/replicaCount"));
    preview(uid, Map.of("deployment_uid", "other"))
        .statusCode(422)
        .body("errors.field", contains("deployment_uid"));
    preview(uid, Map.of("resources", Map.of("cpu_cores", 64, "memory_mb", 512, "storage_gb", 1)))
        .statusCode(422)
        .body("errors.field", contains("resources.cpu_cores"));
    preview(uid, Map.of("domainname", "wiki.example.org"))
        .statusCode(422)
        .body("errors.field", contains("domainname"));
    as(given.user())
        .contentType("application/json")
        .post(path(uid) + "/preview")
        .then()
        .statusCode(422)
        .contentType("application/problem+json");

    assertThat(previewCount(uid)).isZero();
  }

  @Test
  void onlyTheOwnerOrAnAdminMayPreviewAndReadPreviews() {
    var uid = given.createDeployment("private");
    var stranger = Api.createUser(Api.unique("stranger"));
    var body = Map.of("user_values", Map.of("replicaCount", 2, "image", Map.of("tag", "1.0")));

    as(stranger)
        .body(body)
        .post(path(uid) + "/preview")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    var location =
        as(Api.ADMIN)
            .body(body)
            .post(path(uid) + "/preview")
            .then()
            .statusCode(202)
            .extract()
            .header("Location");
    as(stranger).get(location).then().statusCode(404);
    as(given.user()).get(location).then().statusCode(200);
    as(given.user())
        .get(
            path(given.createDeployment("other"))
                + location.substring(location.indexOf("/previews/")))
        .then()
        .statusCode(404);
    assertThat(previewCount(uid)).isEqualTo(1);
  }

  @Test
  void valuesOfAnAdminOnlyTemplateArePreviewedByAdminsAlone() {
    var adminOnly = Api.createTemplate(given.product(), Map.of("admin_only", true));
    var uid = Api.createDeployment(Api.ADMIN, adminOnly, Api.unique("raw"));
    Db.sql()
        .update(
            "UPDATE deployment SET user_id = (SELECT id FROM users WHERE subject = ?)"
                + " WHERE deployment_uid = ?",
            given.user(),
            uid);

    preview(uid, Map.of("user_values", Map.of("any", "thing")))
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("admin-only"));
    preview(uid, Map.of("resources", Map.of("cpu_cores", 1, "memory_mb", 1024, "storage_gb", 1)))
        .statusCode(202);
    as(Api.ADMIN)
        .body(Map.of("user_values", Map.of("any", "thing")))
        .post(path(uid) + "/preview")
        .then()
        .statusCode(202);
  }

  @Test
  void aSecretValueIsSealedInThePreviewAndShownNowhere() {
    var secretTemplate =
        Api.createTemplate(
            given.product(),
            Map.of(
                "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("password", Map.of("type", "string", "writeOnly", true)))));
    var uid = Api.createDeployment(given.user(), secretTemplate, "sealed");

    var answer =
        preview(uid, Map.of("user_values", Map.of("password", SECRET)))
            .statusCode(202)
            .extract()
            .asString();

    assertThat(answer).doesNotContain(SECRET);
    assertThat(
            Db.sql()
                .rows(
                    "SELECT p.user_values_json::text AS v, p.secret_values, p.secret_values_key"
                        + " FROM deployment_preview p JOIN deployment d"
                        + " ON d.id = p.deployment_id WHERE d.deployment_uid = ?",
                    uid))
        .singleElement()
        .satisfies(
            row -> {
              assertThat((String) row.get("v")).contains("\"***\"").doesNotContain(SECRET);
              assertThat((byte[]) row.get("secret_values")).isNotEmpty();
              assertThat(new String((byte[]) row.get("secret_values"))).doesNotContain(SECRET);
              assertThat(row.get("secret_values_key")).isEqualTo("dev-1");
            });
  }

  @Test
  void aDeletedDeploymentTakesNoPreview() {
    var uid = given.createDeployment("gone");
    as(given.user()).delete(path(uid)).then().statusCode(202);

    preview(uid, Map.of("user_values", Map.of("replicaCount", 2, "image", Map.of("tag", "1"))))
        .statusCode(409)
        .contentType("application/problem+json");
    assertThat(previewCount(uid)).isZero();
  }

  @Test
  void theOpenApiDocumentDescribesPreviewsLikeTheOtherDeploymentOperations() {
    var preview = "paths.'/api/v1/deployments/{uid}/preview'.post";
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(preview + ".summary", containsString("PATCH"))
        .body(preview + ".tags", contains("Deployments"))
        .body(
            preview + ".requestBody.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/DeploymentUpdate"))
        .body(
            preview + ".responses.'202'.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/PreviewRead"))
        .body(
            preview + ".responses.'422'.'$ref'", equalTo("#/components/responses/ValidationFailed"))
        .body(
            "paths.'/api/v1/deployments/{uid}/previews/{id}'.get.summary",
            equalTo("Read a preview"));
  }

  private ValidatableResponse preview(String uid, Object body) {
    return as(given.user()).body(body).post(path(uid) + "/preview").then();
  }

  private static long previewCount(String uid) {
    return Db.sql()
        .count(
            "SELECT count(*) FROM deployment_preview p JOIN deployment d"
                + " ON d.id = p.deployment_id WHERE d.deployment_uid = ?",
            uid);
  }

  private static String path(String uid) {
    return "/api/v1/deployments/" + uid;
  }
}
