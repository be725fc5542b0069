package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.harness.server.ServerTls;
import dev.kubedeploy.testsupport.StaticHttpServer;
import io.restassured.filter.Filter;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private chart repository through the packaged services: an HTTPS repository with basic
 * authentication, served by the test with a certificate only the chart source's CA bundle vouches
 * for, publishes the sample webapp chart. A template naming a chart source with the right login
 * converges to running, with a secret value; without a login, or with a wrong password, the
 * deployment fails with {@code ChartPullFailed} and a message that names the cause. Neither the
 * password nor the secret value is in any answer the test received or any line either service
 * logged.
 */
class PrivateChartSourcesE2E {

  private static final String LOGIN = "deploy-bot";
  private static final String PASSWORD = "e2e-Chart-Passw0rd-41d7";
  private static final String WRONG_PASSWORD = "e2e-Wrong-Passw0rd-93ab";
  private static final String SECRET_VALUE = "e2e-S3cret-Value-5e2b";
  private static final String KEYS = "e2e-1:" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path work;

  /** Every answer the test received, headers and body. */
  private final List<String> answers = new CopyOnWriteArrayList<>();

  private final Filter recordAnswers =
      (request, response, context) -> {
        var answer = context.next(request, response);
        answers.add(answer.getHeaders() + "\n" + answer.asString());
        return answer;
      };

  private Platform platform;

  @Test
  void aPrivateRepositoryNeedsItsCredentialsAndNoSecretIsInAnyAnswerOrLogLine() throws Exception {
    var ring = Map.of("APP_SECRETS_KEYS", KEYS);
    var defaults = Platform.Options.defaults();
    try (var repository = StaticHttpServer.https(ServerTls.serverContext());
        var started =
            Platform.start(
                work,
                new Platform.Options(
                    ring, ring, defaults.chartDir(), defaults.reconcilerKubeconfig()))) {
      platform = started;
      publishWebapp(repository);
      repository.requireAuthorization(basic(LOGIN, PASSWORD), "Basic realm=\"charts\"");
      platform.publishProduct("webapp", "Web app");
      registerSource("acme", Map.of("username", LOGIN, "password", PASSWORD));
      registerSource("acme-wrong", Map.of("username", LOGIN, "password", WRONG_PASSWORD));
      registerSource("acme-no-login", Map.of());
      var repositoryRef = repository.uri() + "/repo#webapp";

      var withLogin = deploy(template("0.1.0-acme", repositoryRef, "acme"), "with-login");
      var wrongLogin = deploy(template("0.1.0-wrong", repositoryRef, "acme-wrong"), "wrong-login");
      var noLogin = deploy(template("0.1.0-none", repositoryRef, "acme-no-login"), "no-login");

      var running = platform.awaitApplied(platform.userToken(), withLogin, "running", 1);
      assertThat(running.getString("user_values.config.password")).isEqualTo("***");
      assertThat(
              platform
                  .cluster()
                  .client()
                  .configMaps()
                  .inNamespace(withLogin)
                  .withName(withLogin)
                  .get()
                  .getData())
          .containsEntry("password", SECRET_VALUE);
      for (var uid : List.of(wrongLogin, noLogin)) {
        var failed = awaitFailed(uid);
        assertThat(failed.getString("last_error"))
            .contains("answered HTTP 401")
            .contains("credentials the template's chart source does not give");
        assertThat(failed.getList("conditions.reason")).contains("ChartPullFailed");
      }
      for (var uid : List.of(withLogin, wrongLogin, noLogin)) {
        readEverything(uid);
      }
      as(platform.adminToken()).get("/chart-sources").then().statusCode(200);
      assertThat(repository.requests())
          .anySatisfy(request -> assertThat(request.authorization()).isNull());
    }

    var logs =
        Files.readString(work.resolve("api.log"))
            + Files.readString(work.resolve("reconciler.log"));
    assertThat(answers).isNotEmpty();
    for (var secret :
        List.of(
            PASSWORD,
            WRONG_PASSWORD,
            SECRET_VALUE,
            basic(LOGIN, PASSWORD),
            basic(LOGIN, WRONG_PASSWORD))) {
      assertThat(logs).as("the services' logs").doesNotContain(secret);
      assertThat(answers).noneMatch(answer -> answer.contains(secret));
    }
  }

  /** Serves the sample repository's index and the webapp 0.1.0 archive under /repo. */
  private static void publishWebapp(StaticHttpServer repository) throws Exception {
    var sampleRepository = Platform.sampleCharts().resolve("repo");
    repository.serve(
        "/repo/index.yaml", Files.readAllBytes(sampleRepository.resolve("index.yaml")), Map.of());
    repository.serve(
        "/repo/webapp-0.1.0.tgz",
        Files.readAllBytes(sampleRepository.resolve("webapp-0.1.0.tgz")),
        Map.of());
  }

  private void registerSource(String name, Map<String, String> login) {
    var body = new HashMap<String, Object>(login);
    body.put("name", name);
    body.put("ca_bundle", certificateAuthority());
    as(platform.adminToken()).body(body).post("/chart-sources").then().statusCode(201);
  }

  /** The webapp chart from the private repository, with config.password marked secret. */
  private long template(String versionLabel, String repositoryRef, String chartSource)
      throws Exception {
    var id =
        as(platform.adminToken())
            .body(
                Map.of(
                    "version_label",
                    versionLabel,
                    "chart_ref",
                    repositoryRef,
                    "chart_version",
                    "0.1.0",
                    "chart_digest",
                    Platform.publishedDigest("webapp", "0.1.0"),
                    "chart_source",
                    chartSource,
                    "health_timeout_sec",
                    60,
                    // nginx runs as root: the restricted level would refuse its pods
                    "pod_security_level",
                    "baseline",
                    "values_schema_json",
                    Platform.webappSchemaWithSecretPassword(),
                    "capabilities_json",
                    Map.of("replicas", "replicaCount", "resources", "resources")))
            .post("/products/webapp/templates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return ((Number) id).longValue();
  }

  private String deploy(long template, String name) {
    return as(platform.userToken())
        .body(
            Map.of(
                "name",
                name,
                "template_id",
                template,
                "user_values",
                Map.of("config", Map.of("greeting", "hi", "password", SECRET_VALUE))))
        .post("/deployments")
        .then()
        .statusCode(201)
        .body("user_values.config.password", equalTo("***"))
        .extract()
        .path("deployment_uid")
        .toString();
  }

  private JsonPath awaitFailed(String uid) {
    await(uid + " failed")
        .atMost(Platform.CONVERGE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var read = read(uid);
              assertThat(read.getString("status")).as(read.prettify()).isEqualTo("failed");
            });
    return read(uid);
  }

  /** Every read the API has of the deployment, so that their answers are checked too. */
  private void readEverything(String uid) {
    for (var path : List.of("", "/history", "/events", "/revisions")) {
      as(platform.userToken()).get("/deployments/" + uid + path).then().statusCode(200);
    }
  }

  private JsonPath read(String uid) {
    return as(platform.userToken())
        .get("/deployments/" + uid)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private RequestSpecification as(String token) {
    return platform.as(token).filter(recordAnswers);
  }

  private static String certificateAuthority() {
    return new String(
        Base64.getDecoder().decode(ServerTls.certificateAuthorityData()), StandardCharsets.UTF_8);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
