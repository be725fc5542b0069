package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.model.values.ValuePath;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values a template's schema marks secret: sealed in the database, {@code "***"} in every answer
 * and in no log line, kept by a PATCH that sends {@code "***"} back.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SecretValuesTest {

  private static final String ADMIN_PASSWORD = "Tr0ub4dor-admin-7f3a";
  private static final String DB_PASSWORD = "c0rrect-h0rse-db-91ce";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject SecretKeyRing ring;

  /** RestAssured's HTTP client, which runs in the test's JVM and logs the bodies it sends. */
  private static final String TEST_CLIENT_LOGGERS = "org.apache.http";

  /** Every log line of the service at DEBUG and above while a test runs. */
  private final List<String> logLines = new ArrayList<>();

  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (String.valueOf(record.getLoggerName()).startsWith(TEST_CLIENT_LOGGERS)) {
            return;
          }
          var line = new StringBuilder(String.valueOf(record.getMessage()));
          if (record.getParameters() != null) {
            for (var parameter : record.getParameters()) {
              line.append(' ').append(parameter);
            }
          }
          for (var thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
            line.append(' ').append(thrown);
          }
          synchronized (logLines) {
            logLines.add(line.toString());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private Level rootLevel;
  private String user;
  private String product;
  private long template;

  @BeforeEach
  void templateWithSecretFields() {
    capture.setLevel(Level.ALL);
    rootLevel = Logger.getLogger("").getLevel();
    Logger.getLogger("").setLevel(Level.FINE);
    Logger.getLogger("").addHandler(capture);
    user = Api.createUser(Api.unique("keeper"));
    product = Api.unique("vault");
    Api.createProduct(product);
    template = Api.createTemplate(product, Map.of("values_schema_json", schema()));
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("").removeHandler(capture);
    Logger.getLogger("").setLevel(rootLevel);
  }

  @Test
  void aSecretAppearsInNoAnswerAndNoLogLine() {
    var body =
        Map.of(
            "name",
            "sealed",
            "template_id",
            template,
            "user_values",
            Map.of(
                "adminPassword",
                ADMIN_PASSWORD,
                "db",
                Map.of("host", "pg", "password", DB_PASSWORD),
                "title",
                "Wiki"));
    var answers = new ArrayList<String>();
    var created =
        as(user)
            .header("Idempotency-Key", "sealed-1")
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .body("user_values.adminPassword", equalTo(SecretValues.MASK))
            .body("user_values.db.password", equalTo(SecretValues.MASK))
            .body("user_values.db.host", equalTo("pg"))
            .extract()
            .asString();
    answers.add(created);
    var uid = uidOf(created);
    answers.add(
        as(user)
            .header("Idempotency-Key", "sealed-1")
            .body(body)
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "true")
            .body("user_values.adminPassword", equalTo(SecretValues.MASK))
            .extract()
            .asString());
    answers.add(
        as(user).get("/api/v1/deployments/" + uid).then().statusCode(200).extract().asString());
    answers.add(
        as(user)
            .queryParam("name", "sealed")
            .get("/api/v1/deployments")
            .then()
            .statusCode(200)
            .body("items.user_values.db.password", hasItem(SecretValues.MASK))
            .extract()
            .asString());
    answers.add(
        as(Api.ADMIN).get("/api/v1/deployments").then().statusCode(200).extract().asString());
    answers.add(
        as(user)
            .body(
                Map.of(
                    "user_values",
                    Map.of(
                        "adminPassword",
                        SecretValues.MASK,
                        "db",
                        Map.of("host", "pg2", "password", SecretValues.MASK))))
            .patch("/api/v1/deployments/" + uid)
            .then()
            .statusCode(200)
            .body("user_values.db.host", equalTo("pg2"))
            .extract()
            .asString());
    answers.add(
        as(user)
            .get("/api/v1/deployments/" + uid + "/history")
            .then()
            .statusCode(200)
            .extract()
            .asString());

    assertThat(answers)
        .allSatisfy(
            answer ->
                assertThat(answer).doesNotContain(ADMIN_PASSWORD).doesNotContain(DB_PASSWORD));
    assertThat(storedSecrets(uid))
        .isEqualTo(Map.of("adminPassword", ADMIN_PASSWORD, "db.password", DB_PASSWORD));
    synchronized (logLines) {
      assertThat(logLines).isNotEmpty();
      assertThat(logLines)
          .noneMatch(line -> line.contains(ADMIN_PASSWORD) || line.contains(DB_PASSWORD));
    }
  }

  @Test
  void theIdempotencyDigestIsKeyedAndCoversTheSecretValues() {
    var key = Api.unique("keyed");
    var body =
        Map.of(
            "name",
            Api.unique("s"),
            "template_id",
            template,
            "user_values",
            Map.of("adminPassword", ADMIN_PASSWORD));
    as(user)
        .header("Idempotency-Key", key)
        .body(body)
        .post("/api/v1/deployments")
        .then()
        .statusCode(201);

    var stored =
        (String)
            Db.sql()
                .column("SELECT request_hash FROM idempotency_key WHERE idempotency_key = ?", key)
                .getFirst();
    assertThat(stored).matches("hmac-sha256:dev-1:[0-9a-f]{64}");
    as(user)
        .header("Idempotency-Key", key)
        .body(body)
        .post("/api/v1/deployments")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
    var otherSecret = new HashMap<String, Object>(body);
    otherSecret.put("user_values", Map.of("adminPassword", "an0ther-" + ADMIN_PASSWORD));
    as(user)
        .header("Idempotency-Key", key)
        .body(otherSecret)
        .post("/api/v1/deployments")
        .then()
        .statusCode(422);
  }

  @Test
  void theDatabaseRowHoldsOnlyCiphertextSealedWithTheFirstKey() {
    var uid = create(Map.of("adminPassword", ADMIN_PASSWORD, "title", "Wiki"));

    var row =
        Db.sql()
            .rows(
                "SELECT user_values_json::text AS clear, secret_values, secret_values_key"
                    + " FROM deployment WHERE deployment_uid = ?",
                uid)
            .getFirst();

    assertThat((String) row.get("clear"))
        .contains("\"adminPassword\": \"***\"")
        .doesNotContain(ADMIN_PASSWORD);
    var ciphertext = (byte[]) row.get("secret_values");
    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(ADMIN_PASSWORD);
    assertThat(row.get("secret_values_key")).isEqualTo("dev-1");
    assertThat(
            Db.sql()
                .count(
                    "SELECT count(*) FROM deployment WHERE deployment_uid = ?"
                        + " AND (user_values_json::text LIKE ?"
                        + " OR encode(secret_values, 'escape') LIKE ?)",
                    uid,
                    "%" + ADMIN_PASSWORD + "%",
                    "%" + ADMIN_PASSWORD + "%"))
        .isZero();
  }

  @Test
  void patchSendingTheMaskKeepsTheStoredValueAndLeavingAFieldOutRemovesIt() {
    var uid =
        create(Map.of("adminPassword", ADMIN_PASSWORD, "db", Map.of("password", "old-db-pw")));

    patch(uid, Map.of("adminPassword", SecretValues.MASK, "db", Map.of("password", DB_PASSWORD)));
    assertThat(storedSecrets(uid))
        .isEqualTo(Map.of("adminPassword", ADMIN_PASSWORD, "db.password", DB_PASSWORD));

    patch(uid, Map.of("db", Map.of("password", SecretValues.MASK)));
    assertThat(storedSecrets(uid)).isEqualTo(Map.of("db.password", DB_PASSWORD));
  }

  @Test
  void rollbackRestoresTheSecretValuesOfThatGenerationWhileReadsStillShowTheMask() {
    var uid = create(Map.of("adminPassword", ADMIN_PASSWORD, "title", "Wiki"));
    patch(uid, Map.of("adminPassword", "n3w-" + ADMIN_PASSWORD, "title", "Wiki"));
    Db.sql()
        .update(
            "UPDATE deployment_revision SET outcome = 'applied', outcome_at = now()"
                + " WHERE generation = 1 AND deployment_id ="
                + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
            uid);
    assertThat(storedSecrets(uid)).isEqualTo(Map.of("adminPassword", "n3w-" + ADMIN_PASSWORD));

    var answers = new ArrayList<String>();
    answers.add(
        as(user)
            .body(Map.of("to_generation", 1))
            .post("/api/v1/deployments/" + uid + "/rollback")
            .then()
            .statusCode(200)
            .body("generation", equalTo(3))
            .body("user_values.adminPassword", equalTo(SecretValues.MASK))
            .extract()
            .asString());
    answers.add(
        as(user)
            .get("/api/v1/deployments/" + uid + "/revisions")
            .then()
            .statusCode(200)
            .extract()
            .asString());

    assertThat(storedSecrets(uid)).isEqualTo(Map.of("adminPassword", ADMIN_PASSWORD));
    assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(ADMIN_PASSWORD));
    assertThat(
            Db.sql()
                .count(
                    "SELECT count(*) FROM deployment_revision r JOIN deployment d"
                        + " ON d.id = r.deployment_id WHERE d.deployment_uid = ?"
                        + " AND r.secret_values IS NOT NULL"
                        + " AND r.user_values_json::text NOT LIKE ?",
                    uid,
                    "%" + ADMIN_PASSWORD + "%"))
        .isEqualTo(3);
  }

  @Test
  void patchSendingBackWhatItReadChangesNothing() {
    var uid = create(Map.of("adminPassword", ADMIN_PASSWORD, "title", "Wiki"));
    var read = as(user).get("/api/v1/deployments/" + uid).then().extract().jsonPath();

    as(user)
        .body(Map.of("user_values", read.getMap("user_values")))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("generation", equalTo(read.getInt("generation")));
  }

  @Test
  void theMaskWhereNoSecretIsStoredIsRefused() {
    as(user)
        .body(
            Map.of(
                "name",
                "masked",
                "template_id",
                template,
                "user_values",
                Map.of("adminPassword", SecretValues.MASK)))
        .post("/api/v1/deployments")
        .then()
        .statusCode(422)
        .body("errors.pointer", hasItem("/user_values/adminPassword"));
    var uid = create(Map.of("title", "Wiki"));

    as(user)
        .body(Map.of("user_values", Map.of("db", Map.of("password", SecretValues.MASK))))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422)
        .body("errors.pointer", hasItem("/user_values/db/password"));
  }

  @Test
  void aSecretTheSchemaRefusesIsNotEchoedInTheProblem() {
    var answer =
        as(user)
            .body(
                Map.of(
                    "name",
                    "short",
                    "template_id",
                    template,
                    "user_values",
                    Map.of("adminPassword", "zq7x")))
            .post("/api/v1/deployments")
            .then()
            .statusCode(422)
            .body("errors.pointer", hasItem("/user_values/adminPassword"))
            .extract()
            .asString();

    assertThat(answer).doesNotContain("zq7x");
  }

  @Test
  void anUpgradeToATemplateThatMarksAFieldSecretSealsItsValue() {
    var plain =
        Api.createTemplate(
            product,
            Map.of(
                "values_schema_json",
                Map.of("type", "object", "properties", Map.of("title", Map.of("type", "string")))));
    var uid =
        as(user)
            .body(
                Map.of(
                    "name",
                    "upgraded",
                    "template_id",
                    plain,
                    "user_values",
                    Map.of("adminPassword", ADMIN_PASSWORD)))
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .body("user_values.adminPassword", equalTo(ADMIN_PASSWORD))
            .extract()
            .jsonPath()
            .getString("deployment_uid");

    as(Api.ADMIN)
        .body(Map.of("template_id", template))
        .post("/api/v1/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(200)
        .body("user_values.adminPassword", equalTo(SecretValues.MASK));
    assertThat(storedSecrets(uid)).isEqualTo(Map.of("adminPassword", ADMIN_PASSWORD));
  }

  @Test
  void templatesCannotGiveASecretFieldADefaultOrMarkAPlaceThatNamesNoField() {
    as(Api.ADMIN)
        .body(
            Map.of(
                "version_label", Api.unique("v"),
                "chart_ref", "oci://charts.example.com/" + product,
                "chart_version", "1.0.0",
                "values_schema_json", schema(),
                "default_values_json", Map.of("adminPassword", "changeme")))
        .post("/api/v1/products/" + product + "/templates")
        .then()
        .statusCode(422)
        .body("errors.pointer", hasItem("/default_values_json/adminPassword"));
    as(Api.ADMIN)
        .body(
            Map.of(
                "version_label",
                Api.unique("v"),
                "chart_ref",
                "oci://charts.example.com/" + product,
                "chart_version",
                "1.0.0",
                "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("tokens", Map.of("type", "array", "items", Map.of("writeOnly", true))))))
        .post("/api/v1/products/" + product + "/templates")
        .then()
        .statusCode(422)
        .body("errors.pointer", hasItem("/values_schema_json/properties/tokens/items"));
  }

  private String create(Map<String, Object> userValues) {
    return uidOf(
        as(user)
            .body(
                Map.of("name", Api.unique("s"), "template_id", template, "user_values", userValues))
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .extract()
            .asString());
  }

  private void patch(String uid, Map<String, Object> userValues) {
    as(user)
        .body(Map.of("user_values", userValues))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200);
  }

  /** The secrets stored for {@code uid}, opened with the service's own key ring, by place. */
  private Map<String, Object> storedSecrets(String uid) {
    var row =
        Db.sql()
            .rows(
                "SELECT secret_values, secret_values_key FROM deployment WHERE deployment_uid = ?",
                uid)
            .getFirst();
    var sealed =
        new SecretKeyRing.Sealed(
            (String) row.get("secret_values_key"), (byte[]) row.get("secret_values"));
    var opened = SecretValues.open(ring, sealed, uid);
    var byPlace = new TreeMap<String, Object>();
    for (var place : List.of("adminPassword", "db.password")) {
      opened.at(ValuePath.parse(place)).ifPresent(value -> byPlace.put(place, value.asText()));
    }
    return byPlace;
  }

  private static String uidOf(String answer) {
    try {
      return JSON.readTree(answer).get("deployment_uid").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> schema() {
    return Map.of(
        "type",
        "object",
        "properties",
        Map.of(
            "adminPassword", Map.of("type", "string", "writeOnly", true, "minLength", 8),
            "title", Map.of("type", "string"),
            "db",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "host", Map.of("type", "string"),
                        "password", Map.of("type", "string", "x-kubedeploy-secret", true)))));
  }
}
