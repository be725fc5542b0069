package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input the API refuses before it writes anything: text and numbers no chart should get, values at
 * places the platform owns, platform facts the template's schema refuses, admin-only templates and
 * domain names outside the allowed suffixes (example.com in the test profile).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class InputRefusalTest {

  /** The sample webapp chart's shape: replicas, resources and the ingress are the platform's. */
  private static final Map<String, Object> CAPABILITIES =
      Map.of(
          "replicas", "replicaCount",
          "resources", "resources",
          "domain", "ingress.host",
          "ingress_enabled", "ingress.enabled");

  private String user;
  private String product;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("refused"));
    product = Api.unique("guarded");
    Api.createProduct(product);
    template =
        Api.createTemplate(
            product,
            Map.of(
                "capabilities_json",
                CAPABILITIES,
                "default_values_json",
                Map.of("ingress", Map.of("host", "", "enabled", false)),
                "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "replicaCount",
                        Map.of("type", "integer", "maximum", 3),
                        "resources",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of(
                                "limits",
                                Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("memory", Map.of("enum", List.of("512Mi", "1024Mi")))))),
                        "ingress",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("host", Map.of("type", List.of("string", "null"))))))));
  }

  static Stream<Arguments> valuesNoChartGets() {
    return Stream.of(
        Arguments.of(
            "{\"config\": {\"greeting\": \"hi\\nkind: Secret\"}}", "/user_values/config/greeting"),
        Arguments.of("{\"config\": {\"bell\": \"\\u0007\"}}", "/user_values/config/bell"),
        Arguments.of("{\"config\": {\"a\\u0000b\": \"x\"}}", "/user_values/config/a\u0000b"),
        Arguments.of(
            "{\"config\": {\"zero\\u200bwidth\": \"x\"}}", "/user_values/config/zero\u200bwidth"),
        Arguments.of("{\"config\": {\"\": \"x\"}}", "/user_values/config/"),
        Arguments.of("{\"size\": 1e400}", "/user_values/size"),
        Arguments.of("{\"size\": -1e400}", "/user_values/size"),
        Arguments.of("{\"size\": NaN}", "/user_values/size"),
        Arguments.of("{\"size\": Infinity}", "/user_values/size"),
        Arguments.of("{\"size\": 92233720368547758070}", "/user_values/size"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesNoChartGets")
  void valuesNoChartShouldGetAre422AtTheirPointerAndNothingIsStored(
      String userValues, String pointer) {
    var name = Api.unique("bad");

    createRaw(
            "{\"name\": \""
                + name
                + "\", \"template_id\": "
                + template
                + ", \"user_values\": "
                + userValues
                + "}")
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.pointer", contains(pointer));

    assertThat(Db.sql().count("SELECT count(*) FROM deployment WHERE name = ?", name)).isZero();
  }

  @Test
  void aValueAtAPlaceThePlatformOwnsIsRefusedFromUsers() {
    create(
            Map.of(
                "name",
                Api.unique("owner"),
                "template_id",
                template,
                "user_values",
                Map.of(
                    "replicaCount",
                    2,
                    "ingress",
                    Map.of("host", "bank.example.com", "enabled", true))))
        .statusCode(422)
        .body(
            "errors.pointer",
            contains(
                "/user_values/ingress/enabled",
                "/user_values/ingress/host",
                "/user_values/replicaCount"));
  }

  @Test
  void aValueBelowAPlaceThePlatformOwnsIsRefusedToo() {
    create(
            Map.of(
                "name",
                Api.unique("below"),
                "template_id",
                template,
                "user_values",
                Map.of("resources", Map.of("limits", Map.of("nvidia.com/gpu", 8)))))
        .statusCode(422)
        .body("errors.pointer", contains("/user_values/resources"));
  }

  @Test
  void aPatchCannotSetAPlaceThePlatformOwnsEither() {
    var uid = Api.createDeployment(user, template, Api.unique("patched"));

    as(user)
        .body(Map.of("user_values", Map.of("ingress", Map.of("host", "taken.example.com"))))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.pointer", contains("/user_values/ingress/host"));
  }

  @Test
  void aReplicaCountTheSchemaRefusesIs422OnCreateAndOnScale() {
    create(Map.of("name", Api.unique("many"), "template_id", template, "target_replicas", 4))
        .statusCode(422)
        .body("errors.field", contains("target_replicas"))
        .body("errors.message[0]", containsString("/replicaCount"));

    var uid = Api.createDeployment(user, template, Api.unique("scaled"));
    as(user)
        .body(Map.of("target_replicas", 4))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(422)
        .body("errors.field", contains("target_replicas"));
    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .body("target_replicas", equalTo(1))
        .body("generation", equalTo(1));
  }

  @Test
  void resourcesTheSchemaRefuseAre422NamingResources() {
    create(
            Map.of(
                "name",
                Api.unique("big"),
                "template_id",
                template,
                "resources",
                Map.of("cpu_cores", 1, "memory_mb", 2048, "storage_gb", 1)))
        .statusCode(422)
        .body("errors.field", contains("resources"));
  }

  @Test
  void aDomainNameOutsideTheAllowedSuffixesIsRefused() {
    for (var domain : List.of("wiki.example.org", "example.com", "evil-example.com")) {
      create(Map.of("name", Api.unique("far"), "template_id", template, "domainname", domain))
          .statusCode(422)
          .body("errors.field", contains("domainname"));
    }
    create(
            Map.of(
                "name",
                Api.unique("near"),
                "template_id",
                template,
                "domainname",
                Api.unique("wiki") + ".EXAMPLE.com"))
        .statusCode(201);
  }

  @Test
  void anAdminOnlyTemplateIsForbiddenToUsersAndOpenToAdmins() {
    var adminOnly =
        as(Api.ADMIN)
            .body(
                Map.of(
                    "version_label", Api.unique("raw"),
                    "chart_ref", "oci://charts.example.com/raw",
                    "chart_version", "1.0.0"))
            .post("/api/v1/products/" + product + "/templates")
            .then()
            .statusCode(201)
            .body("admin_only", equalTo(true))
            .extract()
            .jsonPath()
            .getLong("id");

    create(Map.of("name", Api.unique("raw"), "template_id", adminOnly))
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("admin-only"));
    as(Api.ADMIN)
        .body(Map.of("name", Api.unique("raw"), "template_id", adminOnly))
        .post("/api/v1/deployments")
        .then()
        .statusCode(201);
  }

  @Test
  void typedNumbersThatDoNotFitAreRefusedNamingTheField() {
    for (var body :
        List.of(
            "{\"name\": \"n1\", \"template_id\": " + template + ", \"target_replicas\": NaN}",
            "{\"name\": \"n2\", \"template_id\": " + template + ", \"target_replicas\": 1e400}",
            "{\"name\": \"n3\", \"template_id\": 1e400}",
            "{\"name\": \"n4\", \"template_id\": "
                + template
                + ", \"resources\": {\"cpu_cores\": NaN, \"memory_mb\": 512, \"storage_gb\": 1}}")) {
      createRaw(body)
          .statusCode(422)
          .contentType("application/problem+json")
          .body("errors[0].field", startsWith(body.contains("cpu_cores") ? "resources" : "t"));
    }
  }

  private ValidatableResponse create(Map<String, Object> body) {
    return as(user).body(body).post("/api/v1/deployments").then();
  }

  private ValidatableResponse createRaw(String body) {
    return as(user).body(body).post("/api/v1/deployments").then();
  }
}
