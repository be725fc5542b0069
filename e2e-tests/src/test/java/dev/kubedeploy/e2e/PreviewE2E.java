package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Previews on the running platform: the packaged services, real helm and the Kubernetes harness. A
 * preview asked for through the REST API shows exactly the change and changes nothing: neither the
 * deployment's generation nor the release's revision moves.
 */
class PreviewE2E extends SharedPlatform {

  private static long template;

  @BeforeAll
  static void publishTheSampleProduct() throws Exception {
    platform.publishProduct("webapp", "Web app");
    template =
        platform.publishSampleTemplate(
            "webapp", "0.1.0", 60, Map.of("replicas", "replicaCount", "resources", "resources"));
  }

  @Test
  void aPreviewOfAValuesChangeShowsExactlyThatChangeAndAppliesNothing() {
    var uid = create("previewed");
    platform.awaitApplied(userToken, uid, "running", 1);
    var revisions = helmRevisions(uid);

    var preview =
        preview(uid, Map.of("user_values", Map.of("config", Map.of("greeting", "bonjour"))));

    assertThat(preview.getString("status")).as(preview.prettify()).isEqualTo("done");
    assertThat(preview.getList("changes.kind", String.class))
        .containsExactly("ConfigMap", "Deployment");
    assertThat(preview.getString("changes.find { it.kind == 'ConfigMap' }.diff"))
        .contains("-  greeting: hello", "+  greeting: bonjour");
    // the pods roll because the config's checksum is in their template; nothing else moves
    assertThat(preview.getString("changes.find { it.kind == 'Deployment' }.diff"))
        .contains("checksum/config")
        .doesNotContain("replicas:");
    assertThat(preview.getInt("unchanged")).isEqualTo(1);

    var deployment = platform.deployment(userToken, uid);
    assertThat(deployment.getLong("generation")).isEqualTo(1);
    assertThat(deployment.getString("status")).isEqualTo("running");
    assertThat(helmRevisions(uid)).isEqualTo(revisions);
    assertThat(greetingInCluster(uid)).isEqualTo("hello");
  }

  @Test
  void aPreviewOfAResourcesChangeShowsTheNewRequests() {
    var uid = create("resized");
    platform.awaitApplied(userToken, uid, "running", 1);
    var revisions = helmRevisions(uid);

    var preview =
        preview(
            uid, Map.of("resources", Map.of("cpu_cores", 2, "memory_mb", 1024, "storage_gb", 1)));

    assertThat(preview.getString("status")).as(preview.prettify()).isEqualTo("done");
    assertThat(preview.getList("changes.kind", String.class)).containsExactly("Deployment");
    assertThat(preview.getString("changes[0].change")).isEqualTo("changed");
    assertThat(preview.getString("changes[0].diff"))
        .containsPattern("(?m)^\\+\\s+memory: 1024Mi$")
        .containsPattern("(?m)^-\\s+memory: 512Mi$");
    assertThat(platform.deployment(userToken, uid).getLong("generation")).isEqualTo(1);
    assertThat(helmRevisions(uid)).isEqualTo(revisions);
  }

  @Test
  void aBadBodyIsRefusedWithTheFieldAtFault() {
    var uid = create("refused");

    platform
        .as(userToken)
        .body(Map.of("user_values", List.of("not", "an", "object")))
        .post("/deployments/" + uid + "/preview")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("user_values"));
    platform
        .as(userToken)
        .body(Map.of("release_name", "mine"))
        .post("/deployments/" + uid + "/preview")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("release_name"));
    platform.as(userToken).get("/deployments/" + uid).then().body("generation", equalTo(1));
  }

  /** Asks for the preview and polls its Location while the reconciler renders it. */
  private static JsonPath preview(String uid, Map<String, Object> body) {
    var response =
        platform.as(userToken).body(body).post("/deployments/" + uid + "/preview").then().extract();
    assertThat(response.statusCode()).as(response.asString()).isIn(200, 202);
    var location = response.header("Location");
    var preview = new JsonPath[] {response.jsonPath()};
    await("preview of " + uid)
        .atMost(Platform.CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              if (!"pending".equals(preview[0].getString("status"))) {
                return true;
              }
              preview[0] =
                  platform.as(userToken).get(location).then().statusCode(200).extract().jsonPath();
              return false;
            });
    return preview[0];
  }

  private static String create(String name) {
    return platform.createDeployment(
        Map.of(
            "name",
            name,
            "template_id",
            template,
            "target_replicas",
            1,
            "user_values",
            Map.of("config", Map.of("greeting", "hello"))));
  }

  /** The release's revisions as Helm stores them: one Secret each, labelled with its number. */
  private static List<String> helmRevisions(String uid) {
    return cluster
        .client()
        .secrets()
        .inNamespace(uid)
        .withLabel("owner", "helm")
        .list()
        .getItems()
        .stream()
        .map(secret -> secret.getMetadata().getLabels().get("version"))
        .sorted()
        .toList();
  }

  private static String greetingInCluster(String uid) {
    return cluster
        .client()
        .configMaps()
        .inNamespace(uid)
        .withName(uid)
        .get()
        .getData()
        .get("greeting");
  }
}
