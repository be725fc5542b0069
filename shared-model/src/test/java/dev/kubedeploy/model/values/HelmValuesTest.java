package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HelmValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void objectsAreMergedKeyByKey() {
    var merged =
        HelmValues.merge(
            object("{\"image\":{\"repository\":\"nginx\",\"tag\":\"1.0\"},\"replicas\":1}"),
            json("{\"image\":{\"tag\":\"2.0\"}}"));

    assertThat(merged)
        .isEqualTo(json("{\"image\":{\"repository\":\"nginx\",\"tag\":\"2.0\"},\"replicas\":1}"));
  }

  @Test
  void arraysAreReplacedNotConcatenated() {
    var merged = HelmValues.merge(object("{\"hosts\":[\"a\",\"b\"]}"), json("{\"hosts\":[\"c\"]}"));

    assertThat(merged).isEqualTo(json("{\"hosts\":[\"c\"]}"));
  }

  @Test
  void scalarsReplaceObjectsAndObjectsReplaceScalars() {
    var merged =
        HelmValues.merge(
            object("{\"a\":{\"x\":1},\"b\":5}"), json("{\"a\":\"flat\",\"b\":{\"y\":2}}"));

    assertThat(merged).isEqualTo(json("{\"a\":\"flat\",\"b\":{\"y\":2}}"));
  }

  @Test
  void nullUserValueRemovesTheDefaultKey() {
    var merged =
        HelmValues.merge(
            object("{\"resources\":{\"limits\":{\"cpu\":1},\"requests\":{\"cpu\":1}}}"),
            json("{\"resources\":{\"limits\":null}}"));

    assertThat(merged).isEqualTo(json("{\"resources\":{\"requests\":{\"cpu\":1}}}"));
  }

  @Test
  void nullsInsideAReplacingObjectAreDropped() {
    var merged = HelmValues.merge(object("{\"a\":1}"), json("{\"a\":{\"b\":null,\"c\":2}}"));

    assertThat(merged).isEqualTo(json("{\"a\":{\"c\":2}}"));
  }

  @Test
  void nullsInsideArraysAreKept() {
    var merged = HelmValues.merge(object("{}"), json("{\"list\":[null,1]}"));

    assertThat(merged).isEqualTo(json("{\"list\":[null,1]}"));
  }

  @Test
  void missingOrNullOverridesLeaveTheDefaults() {
    var defaults = object("{\"a\":{\"b\":1}}");

    assertThat(HelmValues.merge(defaults, null)).isEqualTo(defaults);
    assertThat(HelmValues.merge(defaults, JSON.nullNode())).isEqualTo(defaults);
  }

  @Test
  void neitherInputIsChanged() {
    var defaults = object("{\"a\":{\"b\":1}}");
    var overrides = json("{\"a\":{\"c\":{\"d\":null}}}");

    HelmValues.merge(defaults, overrides);

    assertThat(defaults).isEqualTo(json("{\"a\":{\"b\":1}}"));
    assertThat(overrides).isEqualTo(json("{\"a\":{\"c\":{\"d\":null}}}"));
  }

  @Test
  void layeringKeepsANullSoThatHelmCanDeleteTheChartDefaultItNames() {
    var layered =
        HelmValues.layer(object("{\"a\":{\"b\":1,\"c\":2}}"), json("{\"a\":{\"b\":null}}"));

    assertThat(layered).isEqualTo(json("{\"a\":{\"b\":null,\"c\":2}}"));
  }

  @Test
  void effectiveValuesHaveNoKeyWhereANullDeletedIt() {
    var layered =
        HelmValues.layer(
            object("{\"a\":{\"b\":1,\"c\":2},\"k\":5}"), json("{\"a\":{\"b\":null},\"k\":null}"));

    assertThat(HelmValues.effective(layered)).isEqualTo(json("{\"a\":{\"c\":2}}"));
  }

  private static ObjectNode object(String text) {
    return (ObjectNode) json(text);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
