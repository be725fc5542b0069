package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Capabilities WEBAPP =
      Capabilities.parse(
          json(
              "{\"replicas\": \"replicaCount\", \"resources\": \"resources\", \"domain\":"
                  + " [\"ingress.host\", \"config.base\\\\.url\"], \"ingress_enabled\":"
                  + " \"ingress.enabled\"}"));

  @Test
  void everyNamedPlaceGetsItsFact() {
    var facts =
        new PlatformFacts(
            3, "wiki.example.com", new PlatformFacts.Compute(new BigDecimal("1.5"), 2048, 1, 10));

    assertThat(WEBAPP.place(facts.values()))
        .isEqualTo(
            json(
                "{\"replicaCount\": 3, \"resources\": {\"requests\": {\"cpu\": \"1500m\","
                    + " \"memory\": \"2048Mi\", \"nvidia.com/gpu\": \"1\"}, \"limits\": {\"cpu\":"
                    + " \"1500m\", \"memory\": \"2048Mi\", \"nvidia.com/gpu\": \"1\"}},"
                    + " \"ingress\": {\"host\": \"wiki.example.com\", \"enabled\": true},"
                    + " \"config\": {\"base.url\": \"wiki.example.com\"}}"));
  }

  @Test
  void aDeploymentWithoutDomainGetsAnExplicitNullHostAndIngressOff() {
    var placed = WEBAPP.place(new PlatformFacts(1, null, null).values());

    assertThat(placed.at("/ingress/host").isNull()).isTrue();
    assertThat(placed.at("/ingress/enabled").booleanValue()).isFalse();
    assertThat(placed.at("/resources").isNull()).isTrue();
  }

  @Test
  void ownedPathsListEveryPlaceWithItsFact() {
    assertThat(WEBAPP.ownedPaths())
        .containsEntry(ValuePath.parse("ingress.host"), PlatformValue.DOMAIN)
        .containsEntry(ValuePath.parse("config.base\\.url"), PlatformValue.DOMAIN)
        .containsEntry(ValuePath.parse("replicaCount"), PlatformValue.REPLICAS)
        .hasSize(5);
    assertThat(ValuePath.parse("config.base\\.url").pointer()).isEqualTo("/config/base.url");
  }

  @Test
  void unknownKeysAndPlacesThatAreNoPathsAreReportedEach() {
    assertThatThrownBy(
            () ->
                Capabilities.parse(
                    json("{\"replicas_path\": \"x\", \"domain\": 3, \"replicas\": \"a..b\"}")))
        .isInstanceOfSatisfying(
            InvalidCapabilitiesException.class,
            e ->
                assertThat(e.violations())
                    .extracting(SchemaViolation::pointer)
                    .containsExactly("/replicas_path", "/domain", "/replicas"));
  }

  @Test
  void aFactTheTemplateDoesNotNameIsLeftToTheChart() {
    var capabilities = Capabilities.parse(json("{\"replicas\": \"replicaCount\"}"));

    var placed =
        capabilities.place(
            new PlatformFacts(2, null, new PlatformFacts.Compute(BigDecimal.ONE, 512, 0, 5))
                .values());

    assertThat(placed).isEqualTo(json("{\"replicaCount\": 2}"));
  }

  @Test
  void anEscapedDotStaysInsideTheKey() {
    var path = ValuePath.parse("podAnnotations.prometheus\\.io/scrape");

    assertThat(path.keys()).containsExactly("podAnnotations", "prometheus.io/scrape");
    assertThat(path.toString()).isEqualTo("podAnnotations.prometheus\\.io/scrape");
  }

  @Test
  void aPathThroughAScalarReplacesTheScalarWithAMap() {
    var root = JSON.createObjectNode().put("ingress", "off");

    ValuePath.parse("ingress.enabled").set(root, JSON.getNodeFactory().booleanNode(true));

    assertThat(root).isEqualTo(json("{\"ingress\": {\"enabled\": true}}"));
  }

  @Test
  void cpuQuantitiesAreRoundedUpToMillicores() {
    assertThat(Quantities.cpu(new BigDecimal("0.5"))).isEqualTo("500m");
    assertThat(Quantities.cpu(new BigDecimal("2.000"))).isEqualTo("2");
    assertThat(Quantities.cpu(new BigDecimal("1.25"))).isEqualTo("1250m");
    assertThat(Quantities.cpu(new BigDecimal("0.0005"))).isEqualTo("1m");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
