package dev.kubedeploy.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.Tokens;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** With app.auth.auto-provision.enabled, unknown subjects become users of the default tenant. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(AutoProvisionTest.AutoProvisioning.class)
class AutoProvisionTest {

  /** The second (and last) profile of this module's tests. */
  public static class AutoProvisioning implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("app.auth.auto-provision.enabled", "true");
    }
  }

  @Test
  void anUnknownSubjectBecomesANonAdminUserNamedByItsClaims() {
    var subject = Api.unique("newcomer");
    var token =
        Tokens.mint(
            DevTokenMinter.DEV_ISSUER,
            Map.of(
                "sub",
                subject,
                "preferred_username",
                "nick-" + subject,
                "email",
                subject + "@x.org"),
            Duration.ofHours(1));

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("subject", equalTo(subject))
        .body("username", equalTo("nick-" + subject))
        .body("email", equalTo(subject + "@x.org"))
        .body("tenant_key", equalTo("default"))
        .body("is_admin", equalTo(false));
  }

  @Test
  void aTakenUserNameFallsBackToTheSubject() {
    var taken = Api.createUser(Api.unique("taken"));
    var subject = Api.unique("second");
    var token =
        Tokens.mint(
            DevTokenMinter.DEV_ISSUER,
            Map.of("sub", subject, "preferred_username", taken),
            Duration.ofHours(1));

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo(subject));
  }

  @Test
  void concurrentFirstRequestsMakeOneUser() throws Exception {
    var subject = Api.unique("eager");
    var executor = Executors.newFixedThreadPool(6);
    try {
      var calls = new ArrayList<Callable<Integer>>();
      for (var i = 0; i < 6; i++) {
        calls.add(() -> Api.as(subject).get("/api/v1/me").then().extract().statusCode());
      }
      for (var result : executor.invokeAll(calls)) {
        assertThat(result.get()).isEqualTo(200);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(Db.sql().count("SELECT count(*) FROM users WHERE subject = ?", subject))
        .isEqualTo(1);
  }

  @Test
  void provisionedUsersCannotUseAdminEndpoints() {
    Api.as(Api.unique("visitor")).get("/api/v1/users").then().statusCode(403);
  }
}
