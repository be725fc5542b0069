package dev.kubedeploy.harness.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.resource.Json;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

  private static final String DEPLOYMENT =
      """
      {"spec": {"replicas": 1,
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}},
                "template": {"spec": {"containers": [
                  {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                   "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
                  {"name": "sidecar", "image": "busybox"}]}}}}
      """;

  @Test
  void containersMergeByNameAndKeepWhatThePatchDoesNotMention() {
    var patch =
        """
        {"spec": {"template": {"spec": {
          "$setElementOrder/containers": [{"name": "web"}, {"name": "sidecar"}],
          "containers": [{"name": "web", "image": "nginx:1.28"}]}}}}
        """;

    var result = StrategicMergePatch.apply(Json.parseObject(DEPLOYMENT), Json.parseObject(patch));

    var containers = result.at("/spec/template/spec/containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("image").asText()).isEqualTo("nginx:1.28");
    assertThat(containers.get(0).path("ports")).hasSize(1);
    assertThat(containers.get(1).path("name").asText()).isEqualTo("sidecar");
    assertThat(result.toString()).doesNotContain("$setElementOrder");
  }

  @Test
  void deleteDirectivesAndNullsRemoveWhatTheyName() {
    var patch =
        """
        {"spec": {"template": {"spec": {"containers": [
          {"name": "web", "env": [{"name": "A", "$patch": "delete"}]},
          {"name": "sidecar", "$patch": "delete"}]}},
          "strategy": {"rollingUpdate": null}}}
        """;

    var result = StrategicMergePatch.apply(Json.parseObject(DEPLOYMENT), Json.parseObject(patch));

    assertThat(result.at("/spec/template/spec/containers")).hasSize(1);
    assertThat(result.at("/spec/template/spec/containers/0/env"))
        .singleElement()
        .satisfies(env -> assertThat(env.path("name").asText()).isEqualTo("B"));
    assertThat(result.at("/spec/strategy").has("rollingUpdate")).isFalse();
  }

  @Test
  void retainKeysDropsFieldsNotListed() {
    var patch =
        """
        {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}
        """;

    var result = StrategicMergePatch.apply(Json.parseObject(DEPLOYMENT), Json.parseObject(patch));

    assertThat(result.at("/spec/strategy").toString()).isEqualTo("{\"type\":\"Recreate\"}");
  }

  @Test
  void listsWithoutAMergeKeyAreReplaced() {
    var original =
        Json.parseObject("{\"spec\": {\"args\": [\"a\", \"b\"], \"finalizers\": [\"x\"]}}");
    var patch = Json.parseObject("{\"spec\": {\"args\": [\"c\"], \"finalizers\": [\"y\"]}}");

    var result = StrategicMergePatch.apply(original, patch);

    assertThat(result.at("/spec/args").toString()).isEqualTo("[\"c\"]");
    assertThat(result.at("/spec/finalizers").toString()).isEqualTo("[\"x\",\"y\"]");
  }

  @Test
  void servicePortsMergeOnPort() {
    var original =
        Json.parseObject(
            "{\"spec\": {\"ports\": [{\"port\": 80, \"name\": \"http\", \"nodePort\": 30001}]}}");
    var patch = Json.parseObject("{\"spec\": {\"ports\": [{\"port\": 80, \"name\": \"web\"}]}}");

    var result = StrategicMergePatch.apply(original, patch);

    assertThat(result.at("/spec/ports/0/name").asText()).isEqualTo("web");
    assertThat(result.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30001);
  }
}
