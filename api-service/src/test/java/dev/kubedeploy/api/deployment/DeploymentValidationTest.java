package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.UserWithTemplate;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule a deployment request must satisfy, each sent broken. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DeploymentValidationTest {

  private UserWithTemplate given;

  @BeforeEach
  void catalogAndUser() {
    given = UserWithTemplate.create("validator", "app");
  }

  static Stream<Arguments> brokenCreateMembers() {
    return Stream.of(
        Arguments.of("name", null, "name"),
        Arguments.of("name", "", "name"),
        Arguments.of("name", "x".repeat(101), "name"),
        Arguments.of("name", "has space", "name"),
        Arguments.of("name", "dots.not.allowed", "name"),
        Arguments.of("domainname", "-leading.example.com", "domainname"),
        Arguments.of("domainname", "double..dot.com", "domainname"),
        Arguments.of("domainname", "under_score.example.com", "domainname"),
        Arguments.of("domainname", "trailing.dot.", "domainname"),
        Arguments.of("domainname", "a".repeat(64) + ".com", "domainname"),
        Arguments.of("domainname", "abcdefghi.".repeat(25) + "four", "domainname"),
        Arguments.of("target_replicas", 0, "target_replicas"),
        Arguments.of("target_replicas", 101, "target_replicas"),
        Arguments.of("template_id", null, "template_id"),
        Arguments.of("template_id", 999_999_999, "template_id"),
        Arguments.of("user_values", new int[] {1, 2}, "user_values"),
        Arguments.of("user_values", "text", "user_values"),
        Arguments.of("deployment_uid", "my-own-uid", "deployment_uid"),
        Arguments.of("namespace_name", "my-namespace", "namespace_name"),
        Arguments.of("release_name", "my-release", "release_name"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("brokenCreateMembers")
  void createRefusesABrokenMemberWith422NamingIt(String member, Object value, String field) {
    var body = validCreate("broken");
    body.put(member, value);

    create(body).statusCode(422).body("errors.field", hasItem(field));
  }

  static Stream<Arguments> brokenResources() {
    return Stream.of(
        Arguments.of("cpu_cores", 0.4),
        Arguments.of("cpu_cores", 33),
        Arguments.of("cpu_cores", 1.2345),
        Arguments.of("memory_mb", 511),
        Arguments.of("memory_mb", 65537),
        Arguments.of("gpu_units", -1),
        Arguments.of("gpu_units", 9),
        Arguments.of("storage_gb", 0),
        Arguments.of("storage_gb", 1001),
        Arguments.of("storage_gb", null));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("brokenResources")
  void createRefusesResourcesOutOfRange(String member, Object value) {
    var resources = new HashMap<String, Object>();
    resources.put("cpu_cores", 1);
    resources.put("memory_mb", 1024);
    resources.put("gpu_units", 0);
    resources.put("storage_gb", 5);
    resources.put(member, value);
    var body = validCreate("resources");
    body.put("resources", resources);

    create(body).statusCode(422).body("errors.field", contains("resources." + member));
  }

  @Test
  void resourcesAtTheLimitsAreAccepted() {
    var body = validCreate("limits");
    body.put(
        "resources",
        Map.of("cpu_cores", 32, "memory_mb", 65536, "gpu_units", 8, "storage_gb", 1000));
    body.put("target_replicas", 100);

    create(body).statusCode(201);
  }

  @Test
  void userValuesThatBreakTheTemplateSchemaAnswer422WithPointers() {
    var body = validCreate("schema");
    body.put("user_values", Map.of("replicaCount", "two"));

    create(body).statusCode(422).body("errors.pointer", contains("/user_values/replicaCount"));
  }

  @Test
  void theMergedValuesAreChecked_aNullRemovingARequiredDefaultFails() {
    var body = validCreate("merged");
    var image = new HashMap<String, Object>();
    image.put("tag", null);
    body.put("user_values", Map.of("image", image));

    create(body).statusCode(422).body("errors.pointer", contains("/user_values/image/tag"));
  }

  @Test
  void userValuesAreAcceptedUnderTheirLegacyName() {
    var body = validCreate("legacy-name");
    body.put("user_values_json", Map.of("replicaCount", 3));

    create(body).statusCode(201).body("user_values.replicaCount", equalTo(3));
  }

  @Test
  void aTemplateWithoutAChartCannotBeDeployed() {
    var legacy =
        Api.as(Api.ADMIN)
            .body(Map.of("version_label", "legacy", "docker_image_url", "example/app:1"))
            .post("/api/v1/products/" + given.product() + "/templates")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    var body = validCreate("legacy");
    body.put("template_id", legacy);

    create(body).statusCode(422).body("errors.field", contains("template_id"));
  }

  @Test
  void aNameTakenByTheSameUsersLiveDeploymentAnswers409() {
    create(validCreate("taken")).statusCode(201);

    create(validCreate("taken"))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("errors.field", contains("name"));
    var other = Api.createUser(Api.unique("other"));
    as(other).body(validCreate("taken")).post("/api/v1/deployments").then().statusCode(201);
  }

  @Test
  void aDomainNameTakenByAnyLiveDeploymentAnswers409WhateverItsCase() {
    var domain = Api.unique("site") + ".example.com";
    var first = validCreate("first");
    first.put("domainname", domain);
    create(first).statusCode(201);
    var second = validCreate("second");
    second.put("domainname", domain.toUpperCase());

    create(second).statusCode(409).body("errors.field", contains("domainname"));
  }

  @Test
  void patchRefusesImmutableFieldsNamingEach() {
    var uid = given.createDeployment("immutable");
    for (var field : new String[] {"deployment_uid", "namespace_name", "release_name"}) {
      as(given.user())
          .body(Map.of(field, uid))
          .patch("/api/v1/deployments/" + uid)
          .then()
          .statusCode(422)
          .body("errors.field", contains(field));
    }
    var nulled = new HashMap<String, Object>();
    nulled.put("release_name", null);
    as(given.user())
        .body(nulled)
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.field", contains("release_name"));
    as(given.user()).get("/api/v1/deployments/" + uid).then().body("generation", equalTo(1));
  }

  @Test
  void patchChecksDomainAndValuesLikeCreate() {
    var uid = given.createDeployment("patch-rules");

    as(given.user())
        .body(Map.of("domainname", "bad_domain"))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.field", contains("domainname"));
    as(given.user())
        .body(Map.of("user_values", Map.of("replicaCount", 0)))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.pointer", contains("/user_values/replicaCount"));
    as(given.user())
        .body(Map.of("user_values", "not an object"))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.field", contains("user_values"));
  }

  @Test
  void scaleAcceptsZeroToOneHundredOnly() {
    var uid = given.createDeployment("scale-rules");
    for (var replicas : new int[] {-1, 101}) {
      as(given.user())
          .body(Map.of("target_replicas", replicas))
          .post("/api/v1/deployments/" + uid + "/scale")
          .then()
          .statusCode(422)
          .body("errors.field", contains("target_replicas"));
    }
    as(given.user())
        .body(Map.of())
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(422)
        .body("errors.field", contains("target_replicas"));
  }

  @Test
  void upgradeNeedsATemplateOfTheSameProduct() {
    var uid = given.createDeployment("upgrade-rules");
    var otherProduct = Api.unique("other");
    Api.createProduct(otherProduct);
    var foreign = Api.createTemplateWithSchema(otherProduct);

    for (var target : new long[] {foreign, 999_999_999L}) {
      as(Api.ADMIN)
          .body(Map.of("template_id", target))
          .post("/api/v1/deployments/" + uid + "/upgrade")
          .then()
          .statusCode(422)
          .body("errors.field", contains("template_id"));
    }
  }

  @Test
  void upgradeChecksTheUserValuesAgainstTheNewSchema() {
    var body = validCreate("strict-upgrade");
    body.put("user_values", Map.of("replicaCount", 5));
    var uid = create(body).statusCode(201).extract().jsonPath().getString("deployment_uid");
    var strict =
        Api.createTemplate(
            given.product(),
            Map.of(
                "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("replicaCount", Map.of("type", "integer", "maximum", 3)))));

    as(Api.ADMIN)
        .body(Map.of("template_id", strict))
        .post("/api/v1/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(422)
        .body("errors.pointer", contains("/user_values/replicaCount"));
  }

  @Test
  void aDeploymentBeingDeletedAcceptsNoChanges() {
    var uid = given.createDeployment("deleting");
    as(given.user()).delete("/api/v1/deployments/" + uid).then().statusCode(202);

    as(given.user())
        .body(Map.of("domainname", "late.example.com"))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(409);
    as(given.user())
        .body(Map.of("target_replicas", 2))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(409);
    as(Api.ADMIN)
        .body(Map.of("template_id", given.template()))
        .post("/api/v1/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(409);
    as(given.user())
        .delete("/api/v1/deployments/" + uid)
        .then()
        .statusCode(202)
        .body("generation", equalTo(2));
  }

  @Test
  void aDeletedDeploymentAcceptsNoChangesAtAll() {
    var uid = given.createDeployment("gone");
    Db.sql()
        .update(
            "UPDATE deployment SET status = 'deleted', deleted_at = now() WHERE deployment_uid = ?",
            uid);

    as(given.user()).delete("/api/v1/deployments/" + uid).then().statusCode(409);
    as(given.user()).post("/api/v1/deployments/" + uid + "/reconcile").then().statusCode(409);
    as(given.user())
        .body(Map.of("target_replicas", 2))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(409);
  }

  private Map<String, Object> validCreate(String name) {
    var body = new HashMap<String, Object>();
    body.put("name", name);
    body.put("template_id", given.template());
    return body;
  }

  private ValidatableResponse create(Map<String, Object> body) {
    return as(given.user()).body(body).post("/api/v1/deployments").then();
  }
}
