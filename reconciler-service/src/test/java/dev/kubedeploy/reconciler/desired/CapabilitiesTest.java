package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachNamedFactGoesToEveryPathTheTemplateGivesForIt() throws Exception {
    var capabilities =
        Capabilities.parse(
            """
            {"replicas": "replicaCount", "domain": ["ingress.host", "config.baseUrl"]}
            """);

    var values =
        capabilities.place(
            Map.of(
                PlatformValue.REPLICAS, JsonNodeFactory.instance.numberNode(3),
                PlatformValue.DOMAIN, JsonNodeFactory.instance.textNode("shop.example.org")));

    assertThat(values)
        .isEqualTo(
            JSON.readTree(
                """
                {"replicaCount": 3, "ingress": {"host": "shop.example.org"},
                 "config": {"baseUrl": "shop.example.org"}}
                """));
  }

  @Test
  void aFactTheTemplateDoesNotNameIsLeftToTheChart() {
    var capabilities = Capabilities.parse("{\"replicas\": \"replicaCount\"}");

    var values =
        capabilities.place(
            Map.of(
                PlatformValue.REPLICAS, JsonNodeFactory.instance.numberNode(2),
                PlatformValue.STORAGE_SIZE, JsonNodeFactory.instance.textNode("5Gi")));

    assertThat(values.fieldNames()).toIterable().containsExactly("replicaCount");
  }

  @Test
  void aNamedFactThatDoesNotApplyIsNotPlaced() {
    var capabilities = Capabilities.parse("{\"domain\": \"ingress.host\"}");

    assertThat(capabilities.place(Map.of())).isEmpty();
  }

  @Test
  void anEscapedDotStaysInsideTheKey() {
    var path = ValuePath.parse("podAnnotations.prometheus\\.io/scrape");

    assertThat(path.keys()).containsExactly("podAnnotations", "prometheus.io/scrape");
    assertThat(path.toString()).isEqualTo("podAnnotations.prometheus\\.io/scrape");
  }

  @Test
  void aPathThroughAScalarReplacesTheScalarWithAMap() throws Exception {
    var root = JSON.createObjectNode().put("ingress", "off");

    ValuePath.parse("ingress.enabled").set(root, JsonNodeFactory.instance.booleanNode(true));

    assertThat(root).isEqualTo(JSON.readTree("{\"ingress\": {\"enabled\": true}}"));
  }

  @Test
  void anUnknownPlatformValueIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> Capabilities.parse("{\"replica_count\": \"replicaCount\"}"))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("replica_count")
        .hasMessageContaining("replicas, resources, domain, ingress_enabled, storage_size");
  }

  @Test
  void aValueThatIsNotAPathIsRefused() {
    for (var bad : List.of("{\"replicas\": 3}", "{\"replicas\": []}", "{\"replicas\": \"a..b\"}")) {
      assertThatThrownBy(() -> Capabilities.parse(bad))
          .as(bad)
          .isInstanceOf(DesiredStateException.class);
    }
  }
}
