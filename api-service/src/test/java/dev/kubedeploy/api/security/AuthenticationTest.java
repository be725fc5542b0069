package dev.kubedeploy.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.Tokens;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Who the API lets in: 401 without a valid token, 403 for subjects that name no user. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AuthenticationTest {

  @Test
  void noTokenAnswers401WithAProblemAndAChallenge() {
    given()
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo("urn:kubedeploy:problem:unauthorized"));
  }

  @Test
  void aTokenSignedByAnotherIssuerAnswers401() {
    var token = Tokens.mint("someone-else", Map.of("sub", Api.ADMIN), Duration.ofHours(1));

    given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void anExpiredTokenAnswers401() {
    var token =
        Tokens.mint(DevTokenMinter.DEV_ISSUER, Map.of("sub", Api.ADMIN), Duration.ofHours(-2));

    given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void aGarbledTokenAnswers401() {
    given().auth().oauth2("not.a.token").get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void anUnknownSubjectAnswers403WhenAutoProvisioningIsOff() {
    var stranger = Api.unique("stranger");

    Api.as(stranger)
        .get("/api/v1/me")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    Assertions.assertThat(Db.sql().count("SELECT count(*) FROM users WHERE subject = ?", stranger))
        .isZero();
  }

  @Test
  void anUnknownSubjectIsRefusedBeforeItsBodyIsRead() {
    Api.as(Api.unique("stranger"))
        .body("{not json")
        .post("/api/v1/deployments")
        .then()
        .statusCode(403);
  }

  @Test
  void theBootstrapSubjectIsAnAdminOfTheDefaultTenant() {
    Api.as(Api.ADMIN)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("subject", equalTo(Api.ADMIN))
        .body("is_admin", equalTo(true))
        .body("tenant_key", equalTo("default"));
  }

  @Test
  void adminRightsComeFromTheDatabaseNotFromTheToken() {
    var user = Api.createUser(Api.unique("claims"));
    var token =
        Tokens.mint(
            DevTokenMinter.DEV_ISSUER,
            Map.of("sub", user, "groups", "admin", "is_admin", "true"),
            Duration.ofHours(1));

    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(Map.of("slug", Api.unique("p"), "name", "x"))
        .post("/api/v1/products")
        .then()
        .statusCode(403);
  }
}
