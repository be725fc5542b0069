package dev.kubedeploy.harness.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final Map<String, String> WEB =
      Map.of("app", "web", "tier", "front", "env", "prod");

  @Test
  void equalityAndInequalityRequirementsAllHaveToHold() {
    assertThat(LabelSelector.parse("app=web,tier==front").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("app=web,tier!=front").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("app!=db").matches(WEB)).isTrue();
  }

  @Test
  void setBasedRequirementsAreHonoured() {
    assertThat(LabelSelector.parse("env in (prod, staging)").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("env in (staging)").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("env notin (prod)").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("env notin (dev,test),app=web").matches(WEB)).isTrue();
  }

  @Test
  void existenceRequirementsLookAtKeysOnly() {
    assertThat(LabelSelector.parse("tier").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("!tier").matches(WEB)).isFalse();
    assertThat(LabelSelector.parse("!owner,app").matches(WEB)).isTrue();
  }

  @Test
  void notinAndInequalityMatchObjectsWithoutTheLabel() {
    assertThat(LabelSelector.parse("owner notin (helm)").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("owner!=helm").matches(WEB)).isTrue();
    assertThat(LabelSelector.parse("owner in (helm)").matches(WEB)).isFalse();
  }

  @Test
  void workloadSelectorsCombineMatchLabelsAndExpressions() {
    var spec =
        Json.parseObject(
            """
            {"matchLabels": {"app": "web"},
             "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod"]},
                                  {"key": "canary", "operator": "DoesNotExist"}]}
            """);

    assertThat(LabelSelector.fromSpec(spec).matches(WEB)).isTrue();
    assertThat(LabelSelector.fromSpec(spec).matches(Map.of("app", "web", "env", "dev"))).isFalse();
  }

  @Test
  void aMalformedSelectorIsABadRequest() {
    assertThatThrownBy(() -> LabelSelector.parse("app=web,=x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}
