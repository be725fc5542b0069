package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ValuesMergeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void mapsMergeKeyByKeyAtEveryDepth() throws Exception {
    var merged =
        ValuesMerge.merge(
            json("{'a': {'b': 1, 'c': {'d': 2}}, 'x': 1}"), json("{'a': {'c': {'e': 3}}}"));

    assertThat(merged).isEqualTo(json("{'a': {'b': 1, 'c': {'d': 2, 'e': 3}}, 'x': 1}"));
  }

  @Test
  void scalarsAndListsReplaceRatherThanMerge() throws Exception {
    var merged =
        ValuesMerge.merge(
            json("{'list': [1, 2], 'text': 'a', 'n': 1}"), json("{'list': [3], 'text': 'b'}"));

    assertThat(merged).isEqualTo(json("{'list': [3], 'text': 'b', 'n': 1}"));
  }

  @Test
  void aMapReplacesAScalarAndAScalarReplacesAMap() throws Exception {
    var merged =
        ValuesMerge.merge(json("{'g': 'scalar', 'h': {'x': 1}}"), json("{'g': {'t': 1}, 'h': 7}"));

    assertThat(merged).isEqualTo(json("{'g': {'t': 1}, 'h': 7}"));
  }

  @Test
  void aNullIsKeptByTheMergeSoThatHelmCanDeleteTheChartDefaultItNames() throws Exception {
    var merged = ValuesMerge.merge(json("{'a': {'b': 1, 'c': 2}}"), json("{'a': {'b': null}}"));

    assertThat(merged).isEqualTo(json("{'a': {'b': null, 'c': 2}}"));
  }

  @Test
  void theEffectiveValuesHaveNoKeyWhereANullDeletedIt() throws Exception {
    var merged =
        ValuesMerge.merge(
            json("{'a': {'b': 1, 'c': 2}, 'k': 5}"), json("{'a': {'b': null}, 'k': null}"));

    assertThat(ValuesMerge.effective(merged)).isEqualTo(json("{'a': {'c': 2}}"));
  }

  @Test
  void neitherInputIsModified() throws Exception {
    var lower = json("{'a': {'b': 1}}");
    var higher = json("{'a': {'c': 2}}");

    var merged = ValuesMerge.merge(lower, higher);
    ((ObjectNode) merged.get("a")).put("d", 4);

    assertThat(lower).isEqualTo(json("{'a': {'b': 1}}"));
    assertThat(higher).isEqualTo(json("{'a': {'c': 2}}"));
  }
}
