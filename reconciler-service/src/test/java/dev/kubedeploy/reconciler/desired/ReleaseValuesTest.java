package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.model.values.PlatformFacts;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CAPABILITIES =
      """
      {"replicas": "replicaCount", "resources": "resources", "domain": "ingress.host",
       "ingress_enabled": "ingress.enabled", "storage_size": "persistence.size"}
      """;

  @Test
  void userValuesOverrideDefaultsAndPlatformValuesOverrideBoth() throws Exception {
    var template =
        Deployments.template(
            "{\"replicaCount\": 1, \"message\": \"hello\", \"ingress\": {\"className\": \"nginx\"}}",
            null,
            CAPABILITIES);
    var deployment =
        Deployments.deployment(
            template, "{\"message\": \"hi\", \"replicaCount\": 9}", 2, "shop.example.org");

    var values = ReleaseValues.build(deployment);

    assertThat(values)
        .isEqualTo(
            JSON.readTree(
                """
                {"replicaCount": 2, "message": "hi",
                 "ingress": {"className": "nginx", "host": "shop.example.org", "enabled": true},
                 "resources": {"requests": {"cpu": "500m", "memory": "1024Mi"},
                               "limits": {"cpu": "500m", "memory": "1024Mi"}},
                 "persistence": {"size": "10Gi"}}
                """));
  }

  @Test
  void gpusAreRequestedAndLimitedOnlyWhenAskedFor() {
    var template = Deployments.template("{}", null, "{\"resources\": \"resources\"}");
    var base = Deployments.deployment(template, "{}", 1, null);
    var withGpu =
        base.withChange(
            base.targetReplicas(),
            base.domainName(),
            base.userValuesJson(),
            template,
            Optional.of(new PlatformFacts.Compute(new BigDecimal("2"), 2048, 1, 1)),
            base.secrets());

    var values = ReleaseValues.build(withGpu);

    assertThat(values.at("/resources/requests/nvidia.com~1gpu").asText()).isEqualTo("1");
    assertThat(values.at("/resources/limits/cpu").asText()).isEqualTo("2");
    assertThat(ReleaseValues.build(base).at("/resources/requests").has("nvidia.com/gpu")).isFalse();
  }

  @Test
  void withoutADomainTheHostIsAnExplicitNullOverAnyDefaultAndTheIngressIsOff() {
    var template =
        Deployments.template(
            "{\"ingress\": {\"host\": \"bank.example.org\", \"enabled\": true}}",
            null,
            CAPABILITIES);

    var values = ReleaseValues.build(Deployments.deployment(template, "{}", 1, null));

    assertThat(values.at("/ingress").has("host"))
        .as("written, so that Helm deletes defaults")
        .isTrue();
    assertThat(values.at("/ingress/host").isNull()).isTrue();
    assertThat(values.at("/ingress/enabled").isBoolean()).isTrue();
    assertThat(values.at("/ingress/enabled").booleanValue()).isFalse();
  }

  @Test
  void withoutAComputeRowTheResourcesAndStorageAreExplicitNulls() {
    var template = Deployments.template("{}", null, CAPABILITIES);
    var base = Deployments.deployment(template, "{}", 1, null);
    var withoutCompute =
        base.withChange(
            base.targetReplicas(),
            base.domainName(),
            base.userValuesJson(),
            template,
            Optional.empty(),
            base.secrets());

    var values = ReleaseValues.build(withoutCompute);

    assertThat(values.get("resources").isNull()).isTrue();
    assertThat(values.at("/persistence").has("size")).isTrue();
    assertThat(values.at("/persistence/size").isNull()).isTrue();
  }

  @Test
  void storedCapabilitiesTheApiWouldRefuseArePermanentErrors() {
    var template = Deployments.template("{}", null, "{\"replica_count\": \"replicaCount\"}");

    assertThatThrownBy(() -> ReleaseValues.build(Deployments.deployment(template, "{}", 1, null)))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("capabilities_json")
        .hasMessageContaining("/replica_count");
  }

  @Test
  void mergedValuesThatViolateTheSchemaArePermanentErrors() {
    var schema =
        """
        {"type": "object", "properties": {"replicaCount": {"type": "integer", "maximum": 3}}}
        """;
    var template = Deployments.template("{}", schema, CAPABILITIES);

    assertThatThrownBy(() -> ReleaseValues.build(Deployments.deployment(template, "{}", 5, null)))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("values_schema_json")
        .hasMessageContaining("replicaCount");
  }

  @Test
  void theSchemaJudgesTheValuesWithNullDeletedKeysRemoved() {
    var schema =
        """
        {"type": "object", "required": ["message"],
         "properties": {"message": {"type": "string"}}}
        """;
    var template = Deployments.template("{\"message\": \"hello\"}", schema, "{}");

    assertThat(ReleaseValues.build(Deployments.deployment(template, "{}", 1, null))).isNotNull();
    assertThatThrownBy(
            () ->
                ReleaseValues.build(
                    Deployments.deployment(template, "{\"message\": null}", 1, null)))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("message");
  }

  @Test
  void theValuesFileKeepsTheNullSoThatHelmDeletesTheChartDefault() {
    var template = Deployments.template("{}", null, "{}");

    var values =
        ReleaseValues.build(Deployments.deployment(template, "{\"podLabels\": null}", 1, null));

    assertThat(values.get("podLabels").isNull()).isTrue();
  }

  @Test
  void brokenJsonInATemplateIsAPermanentError() {
    var template = Deployments.template("{not json", null, "{}");

    assertThatThrownBy(() -> ReleaseValues.build(Deployments.deployment(template, "{}", 1, null)))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("default_values_json");
  }
}
