package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static dev.kubedeploy.api.support.DeploymentRows.historyReasons;
import static dev.kubedeploy.api.support.DeploymentRows.queuedReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET .../revisions and POST .../rollback, with every refusal. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RevisionsAndRollbackTest {

  private String user;
  private String product;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("owner"));
    product = Api.unique("rev");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void revisionsListEveryGenerationNewestFirstWithOperationChangeAndValuesDigest() {
    var uid = create(Map.of("replicaCount", 2));
    as(user).body(Map.of("target_replicas", 3)).post(path(uid) + "/scale").then().statusCode(200);
    as(user)
        .body(Map.of("user_values", Map.of("replicaCount", 5)))
        .patch(path(uid))
        .then()
        .statusCode(200);

    var page =
        as(user)
            .get(path(uid) + "/revisions")
            .then()
            .statusCode(200)
            .body("items.generation", contains(3, 2, 1))
            .body("items.operation", contains("update", "scale", "create"))
            .body("items.change", contains("user_values changed", "replicas 1 -> 3", null))
            .body("items.outcome", contains("pending", "pending", "pending"))
            .body("items.template_id", contains((int) template, (int) template, (int) template))
            .body("items.target_replicas", contains(3, 3, 1))
            .body("items[0].requested_by", equalTo(user))
            .body("items[0].requested_at", notNullValue())
            .body("items[0].outcome_at", nullValue())
            .body("items[0].values_digest", matchesPattern("sha256:[0-9a-f]{64}"))
            .body("items[0].user_values", nullValue())
            .body("next_cursor", nullValue())
            .extract()
            .jsonPath();

    assertThat(page.getString("items[0].values_digest"))
        .isNotEqualTo(page.getString("items[2].values_digest"));
    assertThat(page.getString("items[1].values_digest"))
        .isEqualTo(page.getString("items[2].values_digest"));
  }

  @Test
  void revisionsArePagedByGeneration() {
    var uid = create(Map.of());
    for (var replicas = 2; replicas <= 4; replicas++) {
      as(user)
          .body(Map.of("target_replicas", replicas))
          .post(path(uid) + "/scale")
          .then()
          .statusCode(200);
    }

    var cursor =
        as(user)
            .queryParam("limit", 3)
            .get(path(uid) + "/revisions")
            .then()
            .body("items.generation", contains(4, 3, 2))
            .extract()
            .jsonPath()
            .getString("next_cursor");
    as(user)
        .queryParam("limit", 3)
        .queryParam("cursor", cursor)
        .get(path(uid) + "/revisions")
        .then()
        .body("items.generation", contains(1))
        .body("next_cursor", nullValue());
  }

  @Test
  void anotherUsersRevisionsAreNotFound() {
    var uid = create(Map.of());

    as(Api.createUser(Api.unique("stranger"))).get(path(uid) + "/revisions").then().statusCode(404);
  }

  @Test
  void rollbackRestoresTheTemplateAndValuesOfAnAppliedGenerationAsANewGeneration() {
    var uid = create(Map.of("replicaCount", 2));
    markApplied(uid, 1);
    var newer = Api.createTemplateWithSchema(product);
    as(Api.ADMIN)
        .body(Map.of("template_id", newer))
        .post(path(uid) + "/upgrade")
        .then()
        .statusCode(200);
    as(user)
        .body(Map.of("user_values", Map.of("replicaCount", 7)))
        .patch(path(uid))
        .then()
        .statusCode(200)
        .body("generation", equalTo(3));

    as(user)
        .body(Map.of("to_generation", 1))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(200)
        .header("ETag", startsWith("\"4-"))
        .body("generation", equalTo(4))
        .body("status", equalTo("pending"))
        .body("desired_template_id", equalTo((int) template))
        .body("user_values.replicaCount", equalTo(2));

    as(user)
        .get(path(uid) + "/revisions")
        .then()
        .body("items[0].generation", equalTo(4))
        .body("items[0].operation", equalTo("rollback"))
        .body("items[0].change", startsWith("to generation 1, template "))
        .body("items[0].template_id", equalTo((int) template));
    assertThat(queuedReasons(uid)).containsExactly("rollback");
    assertThat(historyReasons(uid).getFirst()).asString().startsWith("rollback: to generation 1");
  }

  @Test
  void rollbackToTheStateAlreadyWantedChangesNothing() {
    var uid = create(Map.of("replicaCount", 2));
    markApplied(uid, 1);

    as(user)
        .body(Map.of("to_generation", 1))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(200)
        .body("generation", equalTo(1));
  }

  @Test
  void rollbackToAnUnknownGenerationIsRefusedOnToGeneration() {
    var uid = create(Map.of());

    refused(uid, Map.of("to_generation", 9), 422, "to_generation", "names no revision");
    refused(uid, Map.of("to_generation", 0), 422, "to_generation", "");
    refused(uid, Map.of(), 422, "to_generation", "");
    assertThat(generation(uid)).isEqualTo(1);
  }

  @Test
  void rollbackToAGenerationThatWasNeverAppliedIsRefused() {
    var uid = create(Map.of("replicaCount", 2));
    as(user)
        .body(Map.of("user_values", Map.of("replicaCount", 3)))
        .patch(path(uid))
        .then()
        .statusCode(200);

    refused(uid, Map.of("to_generation", 1), 422, "to_generation", "was never applied");
    assertThat(generation(uid)).isEqualTo(2);
  }

  @Test
  void rollbackOfADeletedDeploymentIsAConflict() {
    var uid = create(Map.of());
    markApplied(uid, 1);
    as(user).delete(path(uid)).then().statusCode(202);

    as(user)
        .body(Map.of("to_generation", 1))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void rollbackToAnAdminOnlyTemplateTakesAnAdmin() {
    var uid = create(Map.of());
    var adminOnly = Api.createTemplate(product, Map.of("admin_only", true));
    as(Api.ADMIN)
        .body(Map.of("template_id", adminOnly))
        .post(path(uid) + "/upgrade")
        .then()
        .statusCode(200);
    markApplied(uid, 2);
    as(Api.ADMIN)
        .body(Map.of("template_id", template))
        .post(path(uid) + "/upgrade")
        .then()
        .statusCode(200);

    as(user)
        .body(Map.of("to_generation", 2))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    assertThat(generation(uid)).isEqualTo(3);
    as(Api.ADMIN)
        .body(Map.of("to_generation", 2))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(200)
        .body("desired_template_id", equalTo((int) adminOnly))
        .body("generation", equalTo(4));
  }

  @Test
  void rollbackWithAStaleEtagIsRefused() {
    var uid = create(Map.of("replicaCount", 2));
    markApplied(uid, 1);
    as(user)
        .body(Map.of("user_values", Map.of("replicaCount", 3)))
        .patch(path(uid))
        .then()
        .statusCode(200);

    as(user)
        .header("If-Match", "\"1-stale\"")
        .body(Map.of("to_generation", 1))
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(412);
    assertThat(generation(uid)).isEqualTo(2);
  }

  private String create(Map<String, Object> values) {
    return as(user)
        .body(Map.of("name", Api.unique("d"), "template_id", template, "user_values", values))
        .post("/api/v1/deployments")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("deployment_uid");
  }

  private void refused(
      String uid, Map<String, Object> body, int status, String field, String message) {
    as(user)
        .body(body)
        .post(path(uid) + "/rollback")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo(field))
        .body("errors[0].message", startsWith(message));
  }

  /** What the reconciler records once it applied {@code generation}. */
  private static void markApplied(String uid, long generation) {
    Db.sql()
        .update(
            "UPDATE deployment_revision SET outcome = 'applied', outcome_at = now()"
                + " WHERE generation = ? AND deployment_id ="
                + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
            generation,
            uid);
  }

  private static long generation(String uid) {
    return Db.sql().count("SELECT generation FROM deployment WHERE deployment_uid = ?", uid);
  }

  private static String path(String uid) {
    return "/api/v1/deployments/" + uid;
  }
}
