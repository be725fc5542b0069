package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on create, and ETag / If-Match on changes. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class IdempotencyAndPreconditionTest {

  private String user;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("retrier"));
    var product = Api.unique("idem");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void aRetriedCreateWithTheSameKeyAndBodyReturnsTheFirstDeployment() {
    var key = Api.unique("key");
    var body = Map.of("name", "once", "template_id", template, "user_values", Map.of("a", 1));

    var first =
        as(user)
            .header("Idempotency-Key", key)
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .extract();
    var retry =
        as(user)
            .header("Idempotency-Key", key)
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "true")
            .extract();

    assertThat(retry.jsonPath().getString("deployment_uid"))
        .isEqualTo(first.jsonPath().getString("deployment_uid"));
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(deploymentsNamed("once")).isEqualTo(1);
  }

  @Test
  void memberOrderAndTheLegacyValuesNameDoNotMakeADifferentBody() {
    var key = Api.unique("key");
    as(user)
        .header("Idempotency-Key", key)
        .body(
            "{\"name\": \"ordered\", \"template_id\": "
                + template
                + ", \"user_values\": {\"a\": 1, \"b\": 2}}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(201);

    as(user)
        .header("Idempotency-Key", key)
        .body(
            "{\"user_values_json\": {\"b\": 2, \"a\": 1}, \"template_id\": "
                + template
                + ", \"name\": \"ordered\"}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
  }

  @Test
  void theSameKeyWithAnotherBodyAnswers422() {
    var key = Api.unique("key");
    as(user)
        .header("Idempotency-Key", key)
        .body(Map.of("name", "first", "template_id", template))
        .post("/api/v1/deployments")
        .then()
        .statusCode(201);

    as(user)
        .header("Idempotency-Key", key)
        .body(Map.of("name", "second", "template_id", template))
        .post("/api/v1/deployments")
        .then()
        .statusCode(422)
        .body("type", equalTo("urn:kubedeploy:problem:idempotency-key-reused"))
        .body("errors.field", contains("Idempotency-Key"));
    assertThat(deploymentsNamed("second")).isZero();
  }

  @Test
  void keysBelongToTheirUser() {
    var key = Api.unique("key");
    var other = Api.createUser(Api.unique("other"));
    var body = Map.of("name", "mine", "template_id", template);

    var mine =
        as(user)
            .header("Idempotency-Key", key)
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("deployment_uid");
    var theirs =
        as(other)
            .header("Idempotency-Key", key)
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("deployment_uid");

    assertThat(theirs).isNotEqualTo(mine);
  }

  @Test
  void concurrentCreatesWithOneKeyMakeOneDeployment() throws Exception {
    var key = Api.unique("key");
    var body = Map.of("name", "raced", "template_id", template);
    var executor = Executors.newFixedThreadPool(6);
    try {
      var calls = new ArrayList<Callable<String>>();
      for (var i = 0; i < 6; i++) {
        calls.add(
            () ->
                as(user)
                    .header("Idempotency-Key", key)
                    .body(body)
                    .post("/api/v1/deployments")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getString("deployment_uid"));
      }
      var uids = new ArrayList<String>();
      for (Future<String> result : executor.invokeAll(calls)) {
        uids.add(result.get());
      }
      assertThat(uids).hasSize(6).containsOnly(uids.getFirst());
      assertThat(deploymentsNamed("raced")).isEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aTooLongKeyAnswers422() {
    as(user)
        .header("Idempotency-Key", "k".repeat(256))
        .body(Map.of("name", "long-key", "template_id", template))
        .post("/api/v1/deployments")
        .then()
        .statusCode(422)
        .body("errors.field", contains("Idempotency-Key"));
  }

  @Test
  void ifMatchWithTheCurrentEtagOrAStarLetsAChangeThrough() {
    var uid = Api.createDeployment(user, template, "matched");
    var etag = as(user).get("/api/v1/deployments/" + uid).then().extract().header("ETag");

    var next =
        as(user)
            .header("If-Match", etag)
            .body(Map.of("target_replicas", 2))
            .post("/api/v1/deployments/" + uid + "/scale")
            .then()
            .statusCode(200)
            .body("generation", equalTo(2))
            .extract()
            .header("ETag");
    as(user)
        .header("If-Match", "*")
        .body(Map.of("domainname", "star.example.com"))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200);

    assertThat(next).isNotEqualTo(etag);
  }

  @Test
  void aStaleEtagAnswers412OnEveryChangeAndChangesNothing() {
    var uid = Api.createDeployment(user, template, "stale");
    var stale = as(user).get("/api/v1/deployments/" + uid).then().extract().header("ETag");
    as(user)
        .body(Map.of("target_replicas", 2))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);

    as(user)
        .header("If-Match", stale)
        .body(Map.of("domainname", "late.example.com"))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(412)
        .contentType("application/problem+json")
        .body("errors.field", contains("If-Match"));
    as(user)
        .header("If-Match", stale)
        .body(Map.of("target_replicas", 3))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(412);
    as(user)
        .header("If-Match", stale)
        .post("/api/v1/deployments/" + uid + "/reconcile")
        .then()
        .statusCode(412);
    as(Api.ADMIN)
        .header("If-Match", stale)
        .body(Map.of("template_id", template))
        .post("/api/v1/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(412);
    as(user).header("If-Match", stale).delete("/api/v1/deployments/" + uid).then().statusCode(412);
    as(user)
        .header("If-Match", "W/" + stale)
        .body(Map.of("target_replicas", 3))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(412);

    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .body("generation", equalTo(2))
        .body("status", equalTo("pending"))
        .body("domainname", equalTo(null));
  }

  private static long deploymentsNamed(String name) {
    return Db.sql().count("SELECT count(*) FROM deployment WHERE name = ?", name);
  }
}
