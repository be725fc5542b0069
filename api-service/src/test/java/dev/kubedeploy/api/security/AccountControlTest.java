package dev.kubedeploy.api.security;

import static dev.kubedeploy.api.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.Tokens;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens the API refuses whatever they sign (no subject, another audience), and what admins can do
 * to accounts: demote, disable, enable. The bootstrap admin is created once and never promoted
 * again, so a demotion sticks.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AccountControlTest {

  @Inject CallerResolver resolver;

  @Test
  void aTokenWithoutSubjectAnswers401WithAProblem() {
    var token =
        Tokens.mint(
            DevTokenMinter.DEV_ISSUER,
            Map.of("preferred_username", Api.ADMIN),
            Duration.ofHours(1));

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void aTokenForAnotherAudienceAnswers401() {
    var token =
        Tokens.mint(
            DevTokenMinter.DEV_ISSUER,
            Map.of("sub", Api.ADMIN, "aud", "another-service"),
            Duration.ofHours(1));

    given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void aTokenWithoutAudienceAnswers401() {
    var claims = new HashMap<String, Object>();
    claims.put("sub", Api.ADMIN);
    claims.put("aud", null);
    var token = Tokens.mint(DevTokenMinter.DEV_ISSUER, claims, Duration.ofHours(1));

    given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void aDemotedAdminLosesTheAdminEndpointsAtOnce() {
    var admin = Api.createUser(Api.unique("admin"), "default", true);
    as(admin).get("/api/v1/users").then().statusCode(200);

    as(Api.ADMIN)
        .body(Map.of("is_admin", false))
        .patch("/api/v1/users/" + idOf(admin))
        .then()
        .statusCode(200)
        .body("is_admin", equalTo(false));

    as(admin).get("/api/v1/users").then().statusCode(403);
    as(admin).get("/api/v1/me").then().statusCode(200).body("is_admin", equalTo(false));
  }

  @Test
  void aDisabledUsersTokensAnswer403UntilItIsEnabledAgain() {
    var user = Api.createUser(Api.unique("member"));
    as(user).get("/api/v1/me").then().statusCode(200).body("disabled", equalTo(false));

    as(Api.ADMIN)
        .body(Map.of("disabled", true))
        .patch("/api/v1/users/" + idOf(user))
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));
    as(user)
        .get("/api/v1/me")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("disabled"));
    as(user).get("/api/v1/deployments").then().statusCode(403);

    as(Api.ADMIN)
        .body(Map.of("disabled", false))
        .patch("/api/v1/users/" + idOf(user))
        .then()
        .statusCode(200);
    as(user).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void anAdminCannotDemoteOrDisableItself() {
    var self = as(Api.ADMIN).get("/api/v1/me").then().extract().jsonPath().getLong("id");

    as(Api.ADMIN)
        .body(Map.of("is_admin", false))
        .patch("/api/v1/users/" + self)
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("is_admin"));
    as(Api.ADMIN)
        .body(Map.of("disabled", true))
        .patch("/api/v1/users/" + self)
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("disabled"));
    as(Api.ADMIN).get("/api/v1/users").then().statusCode(200);
  }

  @Test
  void anUnknownUserAnswers404() {
    as(Api.ADMIN)
        .body(Map.of("disabled", true))
        .patch("/api/v1/users/999999999")
        .then()
        .statusCode(404);
  }

  @Test
  void theBootstrapAdminIsNotPromotedAgainWhenTheServiceStarts() {
    as(Api.ADMIN).get("/api/v1/me").then().statusCode(200);
    var sql = Db.sql();
    sql.update("UPDATE users SET is_admin = false WHERE subject = ?", Api.ADMIN);
    try {
      resolver.bootstrapAdminAtStart(null);

      assertThat(sql.column("SELECT is_admin FROM users WHERE subject = ?", Api.ADMIN))
          .containsExactly(false);
    } finally {
      sql.update("UPDATE users SET is_admin = true WHERE subject = ?", Api.ADMIN);
    }
  }

  private static long idOf(String subject) {
    return Db.sql().count("SELECT id FROM users WHERE subject = ?", subject);
  }
}
