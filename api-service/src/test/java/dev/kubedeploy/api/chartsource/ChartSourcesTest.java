package dev.kubedeploy.api.chartsource;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registering private chart sources: admins only, secrets stored encrypted and never shown, and
 * template versions that name a source.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(ChartSourcesTest.AfterRotation.class)
class ChartSourcesTest {

  private static final String PASSWORD = "Pa55-w0rd-only-in-this-test";
  private static final String OLD_RING_KEY = "2026-06:" + key(6);
  private static final String VERSION_4_KEY = key(7);

  /**
   * A platform upgraded from version 4 (its chart-source key kept for opening) whose key ring has
   * just put a new key in front of the old one.
   */
  public static class AfterRotation implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "app.secrets.keys",
          "2026-12:" + key(8) + "," + OLD_RING_KEY,
          "app.chart-sources.encryption-key",
          VERSION_4_KEY);
    }
  }

  @Inject ChartSourceResealing resealing;
  @Inject ChartSourceSecrets secrets;

  @Test
  void anAdminRegistersASourceWhoseSecretNoReadShowsAndTheDatabaseHoldsOnlyEncrypted() {
    var name = Api.unique("acme");

    var created =
        as(Api.ADMIN)
            .body(Map.of("name", name, "username", "deploy", "password", PASSWORD))
            .post("/api/v1/chart-sources")
            .then()
            .statusCode(201)
            .header("Location", endsWith("/api/v1/chart-sources/" + name))
            .body("auth", equalTo("basic"))
            .body("username", equalTo("deploy"))
            .body("password", nullValue())
            .body("secret_uses_current_key", equalTo(true))
            .extract()
            .asString();
    var one = as(Api.ADMIN).get("/api/v1/chart-sources/" + name).then().statusCode(200);
    var all =
        as(Api.ADMIN)
            .get("/api/v1/chart-sources")
            .then()
            .statusCode(200)
            .body("name", hasItem(name))
            .extract()
            .asString();

    assertThat(created + one.extract().asString() + all).doesNotContain(PASSWORD);
    var stored =
        (String)
            Db.sql()
                .column("SELECT secret_ciphertext FROM chart_source WHERE name = ?", name)
                .getFirst();
    assertThat(stored).startsWith("2026-12:").doesNotContain(PASSWORD);
  }

  @Test
  void secretsOfAnOldRingKeyAndOfVersion4StillOpenAndAreResealedWithTheCurrentKey() {
    var oldKey = Api.unique("oldkey");
    var version4 = Api.unique("v4");
    var oldRing = SecretKeyRing.parse(List.of(OLD_RING_KEY));
    storeSource(
        oldKey, new ChartSourceSecrets(oldRing, SecretKeyRing.empty()).seal(PASSWORD, oldKey));
    storeSource(version4, version4Ciphertext(PASSWORD, version4));
    for (var name : List.of(oldKey, version4)) {
      as(Api.ADMIN)
          .get("/api/v1/chart-sources/" + name)
          .then()
          .statusCode(200)
          .body("secret_uses_current_key", equalTo(false));
      assertThat(secrets.open(ciphertext(name), name)).isEqualTo(PASSWORD);
    }

    assertThat(resealing.resealAll()).isGreaterThanOrEqualTo(2);

    for (var name : List.of(oldKey, version4)) {
      as(Api.ADMIN)
          .get("/api/v1/chart-sources/" + name)
          .then()
          .statusCode(200)
          .body("secret_uses_current_key", equalTo(true));
      assertThat(ciphertext(name)).startsWith("2026-12:").doesNotContain(PASSWORD);
      assertThat(secrets.open(ciphertext(name), name)).isEqualTo(PASSWORD);
    }
    assertThat(resealing.resealAll()).isZero();
  }

  /** What version 4 stored: {@code v1.<first 8 hex digits of the key's sha256>.<base64>}. */
  private static String version4Ciphertext(String secret, String name) {
    var sealed =
        SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of(VERSION_4_KEY))
            .seal(secret.getBytes(StandardCharsets.UTF_8), "chart-source:" + name);
    return "v1." + sealed.keyId() + "." + Base64.getEncoder().encodeToString(sealed.ciphertext());
  }

  private static void storeSource(String name, String ciphertext) {
    Db.sql()
        .update(
            "INSERT INTO chart_source (name, auth, username, secret_ciphertext, updated_at)"
                + " VALUES (?, 'basic', 'deploy', ?, now())",
            name,
            ciphertext);
  }

  @Test
  void aTokenSourceAndACaOnlySourceAreRegistered() {
    as(Api.ADMIN)
        .body(Map.of("name", Api.unique("tok"), "token", "t0ken-only-here"))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201)
        .body("auth", equalTo("token"))
        .body("token", nullValue());
    as(Api.ADMIN)
        .body(Map.of("name", Api.unique("ca"), "ca_bundle", caPem()))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201)
        .body("auth", equalTo("none"))
        .body("ca_bundle", equalTo(caPem()));
  }

  @Test
  void onlyAdminsMayRegisterOrReadSources() {
    var user = Api.createUser(Api.unique("plain"));

    as(user)
        .body(Map.of("name", Api.unique("mine"), "username", "u", "password", PASSWORD))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(403);
    as(user).get("/api/v1/chart-sources").then().statusCode(403);
    Api.anonymous().get("/api/v1/chart-sources").then().statusCode(401);
  }

  @Test
  void badSourcesAnswer422NamingTheFieldAndATakenName409() {
    var name = Api.unique("dup");
    as(Api.ADMIN)
        .body(Map.of("name", name, "token", "abc"))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201);

    refused(Map.of("name", Api.unique("p"), "password", PASSWORD), "username");
    refused(
        Map.of("name", Api.unique("t"), "token", "x", "username", "u", "password", "p"), "token");
    refused(Map.of("name", Api.unique("c"), "ca_bundle", "not a certificate"), "ca_bundle");
    refused(Map.of("name", "Not_A_Label", "token", "x"), "name");
    refused(Map.of("name", Api.unique("e")), "username");
    refused(Map.of("name", Api.unique("n"), "username", "u", "password", "a\nb"), "password");
    as(Api.ADMIN)
        .body(Map.of("name", name, "token", "abc"))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(409);
    assertThat(Db.sql().count("SELECT count(*) FROM chart_source WHERE name = 'Not_A_Label'"))
        .isZero();
  }

  @Test
  void aPutChangesThePasswordAndEncryptsItAgain() {
    var name = Api.unique("rot");
    as(Api.ADMIN)
        .body(Map.of("name", name, "username", "deploy", "password", PASSWORD))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201);
    var before = ciphertext(name);

    as(Api.ADMIN)
        .body(Map.of("username", "deploy", "password", "another-" + PASSWORD))
        .put("/api/v1/chart-sources/" + name)
        .then()
        .statusCode(200)
        .body("auth", equalTo("basic"));

    assertThat(ciphertext(name)).isNotEqualTo(before).doesNotContain("another");
    as(Api.ADMIN)
        .body(Map.of("token", "x"))
        .put("/api/v1/chart-sources/" + Api.unique("absent"))
        .then()
        .statusCode(404);
  }

  @Test
  void aTemplateNamesAnExistingSourceForARemoteChartOnly() {
    var product = Api.unique("private");
    Api.createProduct(product);
    var source = Api.unique("src");
    var token = Api.unique("tok");
    as(Api.ADMIN)
        .body(Map.of("name", source, "username", "deploy", "password", PASSWORD))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201);
    as(Api.ADMIN)
        .body(Map.of("name", token, "token", "t"))
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(201);

    var id = Api.createTemplate(product, Map.of("chart_source", source));
    as(Api.ADMIN)
        .get("/api/v1/templates/" + id)
        .then()
        .statusCode(200)
        .body("chart_source", equalTo(source));

    templateRefused(product, Map.of("chart_source", Api.unique("absent")), "no chart source");
    templateRefused(
        product, Map.of("chart_source", source, "chart_ref", "charts/web"), "only a remote");
    templateRefused(product, Map.of("chart_source", token), "not a token alone");
    Api.createTemplate(
        product, Map.of("chart_source", token, "chart_ref", "https://charts.example.com/r#web"));
  }

  private static void refused(Map<String, Object> body, String field) {
    as(Api.ADMIN)
        .body(body)
        .post("/api/v1/chart-sources")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));
  }

  private static void templateRefused(String product, Map<String, Object> members, String why) {
    var body = new HashMap<String, Object>();
    body.put("version_label", Api.unique("v"));
    body.put("chart_ref", "oci://charts.example.com/" + product);
    body.put("chart_version", "1.0.0");
    body.put("values_schema_json", Map.of("type", "object"));
    body.putAll(members);
    as(Api.ADMIN)
        .body(body)
        .post("/api/v1/products/" + product + "/templates")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("chart_source"))
        .body("errors.message", hasItem(containsString(why)));
  }

  private static String ciphertext(String name) {
    return (String)
        Db.sql()
            .column("SELECT secret_ciphertext FROM chart_source WHERE name = ?", name)
            .getFirst();
  }

  private static String caPem() {
    try (var in = ChartSourcesTest.class.getResourceAsStream("/chart-sources/ca.pem")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(int fill) {
    var key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }
}
