package dev.kubedeploy.api.identity;

import static dev.kubedeploy.api.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenants, users and /me. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class IdentityTest {

  @Test
  void tenantsAreCreatedAndListed() {
    var key = Api.unique("acme");

    as(Api.ADMIN)
        .body(Map.of("tenant_key", key, "name", "Acme"))
        .post("/api/v1/tenants")
        .then()
        .statusCode(201)
        .body("tenant_key", equalTo(key))
        .body("name", equalTo("Acme"));
    as(Api.ADMIN)
        .queryParam("limit", 200)
        .get("/api/v1/tenants")
        .then()
        .statusCode(200)
        .body("items.tenant_key", hasItem(key))
        .body("items.tenant_key", hasItem("default"));
  }

  @Test
  void tenantRulesAnswer422AndATakenKey409() {
    as(Api.ADMIN)
        .body(Map.of("tenant_key", "Not A Label", "name", "x"))
        .post("/api/v1/tenants")
        .then()
        .statusCode(422)
        .body("errors.field", contains("tenant_key"));
    as(Api.ADMIN)
        .body(Map.of("tenant_key", "default", "name", "again"))
        .post("/api/v1/tenants")
        .then()
        .statusCode(409)
        .body("errors.field", contains("tenant_key"));
  }

  @Test
  void aNewUserIsNoAdminUnlessSaidSo() {
    var subject = Api.unique("plain");

    as(Api.ADMIN)
        .body(Map.of("subject", subject, "username", subject, "email", subject + "@example.com"))
        .post("/api/v1/users")
        .then()
        .statusCode(201)
        .body("is_admin", equalTo(false))
        .body("tenant_key", equalTo("default"));
    var admin = Api.createUser(Api.unique("admin"), "default", true);
    as(admin).get("/api/v1/me").then().statusCode(200).body("is_admin", equalTo(true));
    as(subject).get("/api/v1/me").then().statusCode(200).body("subject", equalTo(subject));
  }

  @Test
  void usersAreCreatedInTheNamedTenantAndListedByTenant() {
    var tenant = Api.unique("t");
    Api.createTenant(tenant);
    var user = Api.createUser(Api.unique("member"), tenant, false);

    as(Api.ADMIN)
        .queryParam("tenant", tenant)
        .get("/api/v1/users")
        .then()
        .statusCode(200)
        .body("items.subject", contains(user))
        .body("items[0].tenant_key", equalTo(tenant));
    as(Api.ADMIN)
        .queryParam("tenant", "default")
        .queryParam("limit", 200)
        .get("/api/v1/users")
        .then()
        .body("items.subject", not(hasItem(user)));
  }

  @Test
  void userNamesAndEmailsAreUniquePerTenantAndSubjectsEverywhere() {
    var name = Api.unique("same");
    var tenant = Api.unique("t");
    Api.createTenant(tenant);
    Api.createUser(name);

    as(Api.ADMIN)
        .body(user(Api.unique("s"), name, Api.unique("e") + "@example.com", "default"))
        .post("/api/v1/users")
        .then()
        .statusCode(409)
        .body("errors.field", contains("username"));
    as(Api.ADMIN)
        .body(user(Api.unique("s"), Api.unique("n"), name + "@example.com", "default"))
        .post("/api/v1/users")
        .then()
        .statusCode(409)
        .body("errors.field", contains("email"));
    as(Api.ADMIN)
        .body(user(name, Api.unique("n"), Api.unique("e") + "@example.com", tenant))
        .post("/api/v1/users")
        .then()
        .statusCode(409)
        .body("errors.field", contains("subject"));
    as(Api.ADMIN)
        .body(user(Api.unique("s"), name, name + "@example.com", tenant))
        .post("/api/v1/users")
        .then()
        .statusCode(201);
  }

  @Test
  void userRulesAnswer422() {
    as(Api.ADMIN)
        .body(user(Api.unique("s"), "has space", "x@example.com", "default"))
        .post("/api/v1/users")
        .then()
        .statusCode(422)
        .body("errors.field", contains("username"));
    as(Api.ADMIN)
        .body(user(Api.unique("s"), Api.unique("n"), "not-an-email", "default"))
        .post("/api/v1/users")
        .then()
        .statusCode(422)
        .body("errors.field", contains("email"));
    as(Api.ADMIN)
        .body(user(Api.unique("s"), Api.unique("n"), "a@example.com", "no-such-tenant"))
        .post("/api/v1/users")
        .then()
        .statusCode(422)
        .body("errors.field", contains("tenant_key"));
    as(Api.ADMIN)
        .body(Map.of("username", "x", "email", "a@example.com"))
        .post("/api/v1/users")
        .then()
        .statusCode(422)
        .body("errors.field", contains("subject"));
  }

  private static Map<String, Object> user(
      String subject, String username, String email, String tenantKey) {
    var body = new HashMap<String, Object>();
    body.put("subject", subject);
    body.put("username", username);
    body.put("email", email);
    body.put("tenant_key", tenantKey);
    return body;
  }
}
