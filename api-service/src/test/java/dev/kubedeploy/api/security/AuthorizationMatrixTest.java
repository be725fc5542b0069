package dev.kubedeploy.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.Tokens;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint called by every kind of caller: nobody, the owner of the deployment, another user
 * of the same tenant, a user of another tenant, and an admin. Another user's deployment answers 404
 * (its existence is not revealed); admin-only endpoints answer 403 to everyone else.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AuthorizationMatrixTest {

  enum Who {
    ANONYMOUS,
    OWNER,
    OTHER_USER,
    OTHER_TENANT,
    ADMIN
  }

  /** Users, a product and two templates, made once: the app and its database outlive a test. */
  private record World(
      String owner,
      String otherUser,
      String otherTenant,
      String product,
      long template,
      long newer) {}

  private static World world;

  private static synchronized World world() {
    if (world == null) {
      var tenant = Api.unique("elsewhere");
      Api.createTenant(tenant);
      var product = Api.unique("matrix");
      Api.createProduct(product);
      world =
          new World(
              Api.createUser(Api.unique("owner")),
              Api.createUser(Api.unique("neighbour")),
              Api.createUser(Api.unique("foreigner"), tenant, false),
              product,
              Api.createTemplate(product, Map.of()),
              Api.createTemplate(product, Map.of()));
    }
    return world;
  }

  /** One endpoint: how to call it given the world and a fresh deployment uid of the owner. */
  private record Endpoint(
      String name,
      BiFunction<RequestSpecification, String, Response> call,
      int owner,
      int otherUser,
      int otherTenant,
      int admin) {

    int expected(Who who) {
      return switch (who) {
        case ANONYMOUS -> 401;
        case OWNER -> owner;
        case OTHER_USER -> otherUser;
        case OTHER_TENANT -> otherTenant;
        case ADMIN -> admin;
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Endpoint> endpoints() {
    var w = world();
    return List.of(
        new Endpoint("GET /products", (r, uid) -> r.get("/api/v1/products"), 200, 200, 200, 200),
        new Endpoint(
            "GET /chart-sources", (r, uid) -> r.get("/api/v1/chart-sources"), 403, 403, 403, 200),
        new Endpoint(
            "POST /products",
            (r, uid) ->
                r.body(Map.of("slug", Api.unique("p"), "name", "x")).post("/api/v1/products"),
            403,
            403,
            403,
            201),
        new Endpoint(
            "GET /products/{slug}",
            (r, uid) -> r.get("/api/v1/products/" + w.product()),
            200,
            200,
            200,
            200),
        new Endpoint(
            "POST /products/{slug}/templates",
            (r, uid) ->
                r.body(Map.of("version_label", Api.unique("v"), "docker_image_url", "x:1"))
                    .post("/api/v1/products/" + w.product() + "/templates"),
            403,
            403,
            403,
            201),
        new Endpoint(
            "GET /products/{slug}/templates",
            (r, uid) -> r.get("/api/v1/products/" + w.product() + "/templates"),
            200,
            200,
            200,
            200),
        new Endpoint(
            "GET /templates/{id}",
            (r, uid) -> r.get("/api/v1/templates/" + w.template()),
            200,
            200,
            200,
            200),
        new Endpoint(
            "POST /tenants",
            (r, uid) ->
                r.body(Map.of("tenant_key", Api.unique("t"), "name", "x")).post("/api/v1/tenants"),
            403,
            403,
            403,
            201),
        new Endpoint("GET /tenants", (r, uid) -> r.get("/api/v1/tenants"), 403, 403, 403, 200),
        new Endpoint(
            "POST /users",
            (r, uid) -> {
              var subject = Api.unique("u");
              return r.body(
                      Map.of("subject", subject, "username", subject, "email", subject + "@x.org"))
                  .post("/api/v1/users");
            },
            403,
            403,
            403,
            201),
        new Endpoint("GET /users", (r, uid) -> r.get("/api/v1/users"), 403, 403, 403, 200),
        new Endpoint(
            "PATCH /users/{id}",
            (r, uid) -> {
              var target = Api.createUser(Api.unique("u"));
              var id = Db.sql().count("SELECT id FROM users WHERE subject = ?", target);
              return r.body(Map.of("disabled", true)).patch("/api/v1/users/" + id);
            },
            403,
            403,
            403,
            200),
        new Endpoint("GET /me", (r, uid) -> r.get("/api/v1/me"), 200, 200, 200, 200),
        new Endpoint(
            "POST /deployments",
            (r, uid) ->
                r.body(Map.of("name", Api.unique("d"), "template_id", w.template()))
                    .post("/api/v1/deployments"),
            201,
            201,
            201,
            201),
        new Endpoint(
            "GET /deployments", (r, uid) -> r.get("/api/v1/deployments"), 200, 200, 200, 200),
        new Endpoint(
            "GET /deployments/{uid}",
            (r, uid) -> r.get("/api/v1/deployments/" + uid),
            200,
            404,
            404,
            200),
        new Endpoint(
            "PATCH /deployments/{uid}",
            (r, uid) ->
                r.body(Map.of("user_values", Map.of("k", uid))).patch("/api/v1/deployments/" + uid),
            200,
            404,
            404,
            200),
        new Endpoint(
            "POST /deployments/{uid}/upgrade",
            (r, uid) ->
                r.body(Map.of("template_id", w.newer()))
                    .post("/api/v1/deployments/" + uid + "/upgrade"),
            403,
            403,
            403,
            200),
        new Endpoint(
            "POST /deployments/{uid}/scale",
            (r, uid) ->
                r.body(Map.of("target_replicas", 2)).post("/api/v1/deployments/" + uid + "/scale"),
            200,
            404,
            404,
            200),
        new Endpoint(
            "POST /deployments/{uid}/reconcile",
            (r, uid) -> r.post("/api/v1/deployments/" + uid + "/reconcile"),
            200,
            404,
            404,
            200),
        new Endpoint(
            "DELETE /deployments/{uid}",
            (r, uid) -> r.delete("/api/v1/deployments/" + uid),
            202,
            404,
            404,
            202),
        new Endpoint(
            "GET /deployments/{uid}/history",
            (r, uid) -> r.get("/api/v1/deployments/" + uid + "/history"),
            200,
            404,
            404,
            200),
        new Endpoint(
            "GET /deployments/{uid}/revisions",
            (r, uid) -> r.get("/api/v1/deployments/" + uid + "/revisions"),
            200,
            404,
            404,
            200),
        new Endpoint(
            "POST /deployments/{uid}/rollback",
            (r, uid) -> {
              // what the reconciler records once generation 1 is applied
              Db.sql()
                  .update(
                      "UPDATE deployment_revision SET outcome = 'applied' WHERE deployment_id ="
                          + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
                      uid);
              return r.body(Map.of("to_generation", 1))
                  .post("/api/v1/deployments/" + uid + "/rollback");
            },
            200,
            404,
            404,
            200),
        new Endpoint(
            "POST /deployments/{uid}/suspend",
            (r, uid) -> r.post("/api/v1/deployments/" + uid + "/suspend"),
            200,
            404,
            404,
            200),
        new Endpoint(
            "POST /deployments/{uid}/resume",
            (r, uid) -> r.post("/api/v1/deployments/" + uid + "/resume"),
            200,
            404,
            404,
            200));
  }

  static Stream<Arguments> cases() {
    var cases = new ArrayList<Arguments>();
    for (var endpoint : endpoints()) {
      for (var who : Who.values()) {
        cases.add(Arguments.of(endpoint, who));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void everyCallerGetsTheStatusItsRightsAllow(Endpoint endpoint, Who who) {
    var uid = Api.createDeployment(world().owner(), world().template(), Api.unique("m"));

    var response = endpoint.call().apply(request(who), uid);

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(endpoint.expected(who));
    if (response.statusCode() >= 400) {
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void listsShowOnlyWhatTheCallerMaySee() {
    var name = Api.unique("listed");
    var uid = Api.createDeployment(world().owner(), world().template(), name);

    for (var who : Who.values()) {
      if (who == Who.ANONYMOUS) {
        continue;
      }
      var uids =
          request(who)
              .queryParam("name", name)
              .get("/api/v1/deployments")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("items.deployment_uid", String.class);
      var mayAccess = who == Who.OWNER || who == Who.ADMIN;
      assertThat(uids).as(who.name()).isEqualTo(mayAccess ? List.of(uid) : List.of());
    }
  }

  private static RequestSpecification request(Who who) {
    var w = world();
    var subject =
        switch (who) {
          case ANONYMOUS -> null;
          case OWNER -> w.owner();
          case OTHER_USER -> w.otherUser();
          case OTHER_TENANT -> w.otherTenant();
          case ADMIN -> Api.ADMIN;
        };
    var request = given().contentType(ContentType.JSON);
    return subject == null ? request : request.auth().oauth2(Tokens.of(subject));
  }
}
