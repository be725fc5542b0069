package dev.kubedeploy.api.catalog;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Publishing and reading the catalog, and every rule a template version must satisfy. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CatalogTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private String product;

  @BeforeEach
  void product() {
    product = Api.unique("catalog");
    Api.createProduct(product);
  }

  @Test
  void aPublishedProductCanBeReadAndListed() {
    var user = Api.createUser(Api.unique("reader"));

    as(user)
        .get("/api/v1/products/" + product)
        .then()
        .statusCode(200)
        .body("slug", equalTo(product))
        .body("name", equalTo("Product " + product))
        .body("description", equalTo("for tests"))
        .body("created_at", notNullValue());
    as(user)
        .queryParam("limit", 200)
        .get("/api/v1/products")
        .then()
        .statusCode(200)
        .body("items.slug", hasItem(product));
  }

  @Test
  void productCreateAnswers201WithLocation() {
    var slug = Api.unique("located");
    as(Api.ADMIN)
        .body(Map.of("slug", slug, "name", "Located"))
        .post("/api/v1/products")
        .then()
        .statusCode(201)
        .header("Location", endsWith("/api/v1/products/" + slug));
  }

  @Test
  void productRulesAnswer422AndATakenSlug409() {
    for (var slug : new String[] {"Upper", "-dash", "under_score", ""}) {
      as(Api.ADMIN)
          .body(Map.of("slug", slug, "name", "x"))
          .post("/api/v1/products")
          .then()
          .statusCode(422)
          .body("errors.field", contains("slug"));
    }
    as(Api.ADMIN)
        .body(Map.of("slug", Api.unique("p"), "name", " "))
        .post("/api/v1/products")
        .then()
        .statusCode(422)
        .body("errors.field", contains("name"));
    as(Api.ADMIN)
        .body(Map.of("slug", product, "name", "again"))
        .post("/api/v1/products")
        .then()
        .statusCode(409)
        .body("errors.field", contains("slug"));
  }

  @Test
  void anUnknownProductAnswers404() {
    as(Api.ADMIN).get("/api/v1/products/no-such-product").then().statusCode(404);
    as(Api.ADMIN).get("/api/v1/products/no-such-product/templates").then().statusCode(404);
    as(Api.ADMIN)
        .body(Map.of("version_label", "1", "docker_image_url", "x"))
        .post("/api/v1/products/no-such-product/templates")
        .then()
        .statusCode(404);
    as(Api.ADMIN).get("/api/v1/templates/999999999").then().statusCode(404);
  }

  @Test
  void aTemplateVersionShowsEveryPersistedField() {
    var location =
        createTemplate(fullTemplate("2.0.0"))
            .statusCode(201)
            .header("Location", startsWith("http"))
            .extract()
            .header("Location");
    var id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

    as(Api.ADMIN)
        .get("/api/v1/templates/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("product", equalTo(product))
        .body("version_label", equalTo("2.0.0"))
        .body("package_type", equalTo("helm-chart"))
        .body("chart_ref", equalTo("oci://charts.example.com/app"))
        .body("chart_version", equalTo("2.0.0"))
        .body("chart_digest", equalTo(DIGEST))
        .body("default_values_json.replicaCount", equalTo(1))
        .body("values_schema_json.type", equalTo("object"))
        .body("capabilities_json.replicas", equalTo("replicaCount"))
        .body("health_timeout_sec", equalTo(120))
        .body("docker_image_url", equalTo("example/app:2"))
        .body("pod_security_level", equalTo("baseline"))
        .body("max_load_balancers", equalTo(1))
        .body("max_node_ports", equalTo(2))
        .body("admin_only", equalTo(true))
        .body("deployable", equalTo(true))
        .body("created_at", notNullValue());
    assertThat(location).endsWith("/api/v1/templates/" + id);
  }

  @Test
  void aLegacyBodyWithOnlyAnImageIsAcceptedButNotDeployable() {
    createTemplate(Map.of("version_label", "legacy", "docker_image_url", "example/app:1"))
        .statusCode(201)
        .body("deployable", equalTo(false))
        .body("chart_ref", nullValue())
        .body("package_type", equalTo("helm-chart"))
        .body("default_values_json", equalTo(Map.of()))
        .body("health_timeout_sec", equalTo(300));
  }

  @Test
  void containmentDefaultsToRestrictedWithNoExposedPortsForEveryone() {
    var body = fullTemplate("1.2.0");
    for (var member :
        List.of("pod_security_level", "max_load_balancers", "max_node_ports", "admin_only")) {
      body.remove(member);
    }

    createTemplate(body)
        .statusCode(201)
        .body("pod_security_level", equalTo("restricted"))
        .body("max_load_balancers", equalTo(0))
        .body("max_node_ports", equalTo(0))
        .body("admin_only", equalTo(false));
  }

  @Test
  void templatesOfAProductAreListedNewestFirst() {
    createTemplate(fullTemplate("1.0.0")).statusCode(201);
    createTemplate(fullTemplate("1.1.0")).statusCode(201);

    as(Api.ADMIN)
        .get("/api/v1/products/" + product + "/templates")
        .then()
        .statusCode(200)
        .body("items.version_label", contains("1.1.0", "1.0.0"))
        .body("items.product", everyItem(equalTo(product)));
  }

  @Test
  void aTakenVersionLabelAnswers409() {
    createTemplate(fullTemplate("3.0.0")).statusCode(201);

    createTemplate(fullTemplate("3.0.0"))
        .statusCode(409)
        .body("errors.field", contains("version_label"));
  }

  static Stream<Arguments> brokenMembers() {
    return Stream.of(
        Arguments.of("version_label", null, "version_label"),
        Arguments.of("chart_digest", "sha256:abc", "chart_digest"),
        Arguments.of("chart_digest", "md5:" + "ab".repeat(32), "chart_digest"),
        Arguments.of("chart_digest", "sha256:" + "AB".repeat(32), "chart_digest"),
        Arguments.of("health_timeout_sec", 0, "health_timeout_sec"),
        Arguments.of("health_timeout_sec", 3601, "health_timeout_sec"),
        Arguments.of("chart_version", null, "chart_version"),
        Arguments.of("default_values_json", List.of(1), "default_values_json"),
        Arguments.of("capabilities_json", "text", "capabilities_json"),
        Arguments.of("max_load_balancers", -1, "max_load_balancers"),
        Arguments.of("max_node_ports", -1, "max_node_ports"),
        Arguments.of("max_node_ports", 101, "max_node_ports"),
        Arguments.of("chart_ref", "http://charts.example.com/stable#app", "chart_ref"),
        Arguments.of("chart_ref", "file:///etc/charts/app", "chart_ref"),
        Arguments.of("chart_ref", "ftp://charts.example.com/app", "chart_ref"),
        Arguments.of("chart_ref", "https://charts.example.com/stable#--post-renderer", "chart_ref"),
        Arguments.of("chart_ref", "https://charts.example.com/stable", "chart_ref"),
        Arguments.of("chart_ref", "https://user:secret@charts.example.com/s#app", "chart_ref"),
        Arguments.of("chart_ref", "oci://charts.example.com/-app", "chart_ref"),
        Arguments.of("chart_ref", "--repo=x", "chart_ref"),
        Arguments.of("chart_ref", "../outside/app", "chart_ref"),
        Arguments.of("chart_ref", "/etc/charts/app", "chart_ref"),
        Arguments.of("chart_version", "--devel", "chart_version"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("brokenMembers")
  void aBrokenMemberAnswers422NamingIt(String member, Object value, String field) {
    var body = fullTemplate("9.9.9");
    body.put(member, value);

    createTemplate(body).statusCode(422).body("errors.field", hasItem(field));
  }

  @Test
  void thePrivilegedPodSecurityLevelIsNotOffered() {
    var body = fullTemplate("9.9.8");
    body.put("pod_security_level", "privileged");

    createTemplate(body).statusCode(400).body("errors.field", contains("pod_security_level"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "oci://charts.example.com/team/app",
        "https://charts.example.com/stable#app",
        "http://charts.internal.test/stable#app",
        "repo/app-1.0.0.tgz"
      })
  void chartsFromOciHttpsAllowedPlainHttpHostsAndTheLocalFolderArePublished(String chartRef) {
    var body = fullTemplate(Api.unique("ref"));
    body.put("chart_ref", chartRef);

    createTemplate(body).statusCode(201).body("chart_ref", equalTo(chartRef));
  }

  @Test
  void aVersionWithoutSchemaIsAdminOnlyUnlessTheBodySaysSo() {
    var body = fullTemplate("6.0.0");
    body.remove("values_schema_json");
    body.remove("admin_only");

    createTemplate(body).statusCode(201).body("admin_only", equalTo(true));
  }

  @Test
  void aVersionWithoutSchemaCannotBeOpenToUsers() {
    var body = fullTemplate("6.1.0");
    body.remove("values_schema_json");
    body.put("admin_only", false);

    createTemplate(body).statusCode(422).body("errors.field", contains("admin_only"));
  }

  @Test
  void numbersThatDoNotFitInDefaultsOrSchemaAnswer422WithPointers() {
    var body =
        """
        {"version_label": "7.0.0", "chart_ref": "oci://charts.example.com/app",
         "chart_version": "7.0.0", "default_values_json": {"size": 1e400, "n": NaN},
         "values_schema_json": {"type": "object", "properties": {"size": {"maximum": 1e999}}}}
        """;

    as(Api.ADMIN)
        .body(body)
        .post("/api/v1/products/" + product + "/templates")
        .then()
        .statusCode(422)
        .body(
            "errors.pointer",
            containsInAnyOrder(
                "/default_values_json/n",
                "/default_values_json/size",
                "/values_schema_json/properties/size/maximum"));
  }

  @Test
  void defaultsWithControlCharactersAndUnknownCapabilitiesAnswer422WithPointers() {
    var body = fullTemplate("8.0.0");
    body.put("default_values_json", Map.of("replicaCount", 1, "motd", "a\u0000b\nc"));
    body.put("capabilities_json", Map.of("replicas", "replicaCount", "hostname", "host"));

    createTemplate(body)
        .statusCode(422)
        .body("errors.pointer", hasItem("/default_values_json/motd"))
        .body("errors.pointer", hasItem("/capabilities_json/hostname"));
  }

  @Test
  void neitherChartNorImageAnswers422() {
    createTemplate(Map.of("version_label", "empty"))
        .statusCode(422)
        .body("errors.field", contains("chart_ref"));
  }

  @Test
  void aSchemaThatIsNoJsonSchemaAnswers422PointingIntoIt() {
    var body = fullTemplate("4.0.0");
    body.put("values_schema_json", Map.of("properties", Map.of("a", Map.of("type", "banana"))));

    createTemplate(body)
        .statusCode(422)
        .body("errors.pointer", everyItem(startsWith("/values_schema_json")));
  }

  @Test
  void aSchemaWithARemoteReferenceAnswers422() {
    var body = fullTemplate("4.1.0");
    body.put(
        "values_schema_json",
        Map.of("properties", Map.of("a", Map.of("$ref", "http://127.0.0.1:9/schema.json"))));

    createTemplate(body).statusCode(422);
  }

  @Test
  void defaultsThatBreakTheSchemaAnswer422WithPointers() {
    var body = fullTemplate("5.0.0");
    body.put("default_values_json", Map.of("replicaCount", "one"));

    createTemplate(body)
        .statusCode(422)
        .body("errors.pointer", contains("/default_values_json/replicaCount"));
  }

  private Map<String, Object> fullTemplate(String label) {
    var body = new HashMap<String, Object>();
    body.put("version_label", label);
    body.put("package_type", "helm-chart");
    body.put("chart_ref", "oci://charts.example.com/app");
    body.put("chart_version", label);
    body.put("chart_digest", DIGEST);
    body.put("default_values_json", Map.of("replicaCount", 1));
    body.put(
        "values_schema_json",
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("replicaCount", Map.of("type", "integer", "minimum", 1))));
    body.put("capabilities_json", Map.of("replicas", "replicaCount"));
    body.put("health_timeout_sec", 120);
    body.put("docker_image_url", "example/app:2");
    body.put("pod_security_level", "baseline");
    body.put("max_load_balancers", 1);
    body.put("max_node_ports", 2);
    body.put("admin_only", true);
    return body;
  }

  private ValidatableResponse createTemplate(Map<String, Object> body) {
    return as(Api.ADMIN).body(body).post("/api/v1/products/" + product + "/templates").then();
  }
}
