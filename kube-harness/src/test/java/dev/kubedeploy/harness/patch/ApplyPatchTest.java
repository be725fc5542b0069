package dev.kubedeploy.harness.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.resource.Json;
import org.junit.jupiter.api.Test;

class ApplyPatchTest {

  @Test
  void aFirstApplyMergesIntoTheLiveObjectAndKeepsOtherFields() {
    var live =
        Json.parseObject(
            "{\"metadata\": {\"labels\": {\"team\": \"a\"}}, \"data\": {\"x\": \"1\"}}");
    var config =
        Json.parseObject(
            "{\"metadata\": {\"labels\": {\"app\": \"web\"}}, \"data\": {\"y\": \"2\"}}");

    var result = ApplyPatch.apply(live, null, config);

    assertThat(result.at("/metadata/labels").toString())
        .isEqualTo("{\"team\":\"a\",\"app\":\"web\"}");
    assertThat(result.at("/data").toString()).isEqualTo("{\"x\":\"1\",\"y\":\"2\"}");
  }

  @Test
  void fieldsTheManagerNoLongerAppliesAreRemovedAndOthersStay() {
    var before =
        Json.parseObject(
            """
            {"metadata": {"annotations": {"old": "1", "kept": "2"}},
             "spec": {"containers": [{"name": "web", "env": [{"name": "A"}]}, {"name": "gone"}]}}
            """);
    var live = before.deepCopy();
    live.withObject("/metadata").withObject("/annotations").put("someone-else", "3");
    var config =
        Json.parseObject(
            """
            {"metadata": {"annotations": {"kept": "2"}},
             "spec": {"containers": [{"name": "web"}]}}
            """);

    var result = ApplyPatch.apply(live, before, config);

    assertThat(result.at("/metadata/annotations").toString())
        .isEqualTo("{\"kept\":\"2\",\"someone-else\":\"3\"}");
    assertThat(result.at("/spec/containers")).hasSize(1);
    assertThat(result.at("/spec/containers/0").has("env")).isFalse();
  }
}
