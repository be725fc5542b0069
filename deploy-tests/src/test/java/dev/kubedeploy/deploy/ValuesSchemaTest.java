package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json: it describes every value and rejects bad ones before anything is applied. */
class ValuesSchemaTest {

  static List<Arguments> badValues() {
    return List.of(
        Arguments.of(
            "unknownTopLevelKey", "replicaCount", 3, "additional properties 'replicaCount'"),
        Arguments.of(
            "unknownNestedKey", "reconciler.replica", 3, "additional properties 'replica'"),
        Arguments.of("unknownFlavor", "image.flavor", "graal", "/image/flavor"),
        Arguments.of("negativeReplicas", "reconciler.replicas", -1, "/reconciler/replicas"),
        Arguments.of("replicasAsText", "api.replicas", "two", "/api/replicas"),
        Arguments.of(
            "writableRootFilesystem",
            "securityContext.readOnlyRootFilesystem",
            false,
            "/securityContext/readOnlyRootFilesystem"),
        Arguments.of(
            "privilegeEscalation",
            "securityContext.allowPrivilegeEscalation",
            true,
            "/securityContext/allowPrivilegeEscalation"),
        Arguments.of(
            "rootUser",
            "podSecurityContext.runAsNonRoot",
            false,
            "/podSecurityContext/runAsNonRoot"),
        Arguments.of(
            "addedCapability",
            "securityContext.capabilities.add",
            List.of("NET_ADMIN"),
            "/securityContext/capabilities/add"),
        Arguments.of(
            "lowercaseConfigKey",
            "reconciler.config",
            Map.of("app.queue.concurrency", "4"),
            "invalid propertyName 'app.queue.concurrency'"),
        Arguments.of(
            "numericConfigValue",
            "reconciler.config",
            Map.of("APP_QUEUE_CONCURRENCY", 4),
            "/reconciler/config/APP_QUEUE_CONCURRENCY"),
        Arguments.of(
            "unknownReleaseBinding",
            "reconciler.rbac.releaseBinding",
            "everywhere",
            "/reconciler/rbac/releaseBinding"),
        Arguments.of(
            "wildcardVerbInReleaseRules",
            "reconciler.rbac.releaseRules",
            List.of(
                Map.of(
                    "apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("*"))),
            "/reconciler/rbac/releaseRules/0/verbs/0"),
        Arguments.of(
            "notAPostgresUrl", "database.url", "jdbc:mysql://db/kubedeploy", "/database/url"),
        Arguments.of("malformedDigest", "api.image.digest", "sha256:abc", "/api/image/digest"),
        Arguments.of("unknownPullPolicy", "image.pullPolicy", "Sometimes", "/image/pullPolicy"),
        Arguments.of(
            "budgetAsWord",
            "api.podDisruptionBudget.maxUnavailable",
            "one",
            "/api/podDisruptionBudget/maxUnavailable"),
        Arguments.of(
            "probePeriodZero",
            "api.probes.liveness.periodSeconds",
            0,
            "/api/probes/liveness/periodSeconds"),
        Arguments.of(
            "relativeWorkDir",
            "reconciler.workDir.mountPath",
            "work",
            "/reconciler/workDir/mountPath"),
        Arguments.of(
            "scrapeIntervalWithoutUnit",
            "metrics.serviceMonitor.interval",
            "30",
            "/metrics/serviceMonitor/interval"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void schemaRejectsBadValuesNamingWhere(String name, String path, Object value, String expected) {
    var result = RenderedChart.values().set(path, value).template();

    assertThat(result.succeeded()).as("%s=%s was accepted", path, value).isFalse();
    assertThat(result.stderr())
        .contains("don't meet the specifications of the schema")
        .contains(expected);
  }

  @Test
  void schemaAcceptsTheNullsThatLetTheClusterAssignTheUser() {
    var result =
        RenderedChart.values()
            .set("podSecurityContext.runAsUser", null)
            .set("podSecurityContext.runAsGroup", null)
            .set("podSecurityContext.fsGroup", null)
            .render();

    var pod = RenderedChart.podSpec(result.get("Deployment", RenderedChart.FULLNAME + "-api"));
    assertThat(pod.path("securityContext").has("runAsUser")).isFalse();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
  }

  @Test
  void schemaDescribesEveryValueOfValuesYamlAndClosesEveryObject() throws IOException {
    var values = new YAMLMapper().readTree(Repository.chart().resolve("values.yaml").toFile());
    var schema =
        new ObjectMapper().readTree(Repository.chart().resolve("values.schema.json").toFile());
    var problems = new ArrayList<String>();

    walk(values, schema, schema, "", problems);

    assertThat(problems).isEmpty();
  }

  /**
   * Every key of a values object must be one of its schema's properties or allowed by a map schema.
   */
  private static void walk(
      JsonNode value, JsonNode schema, JsonNode root, String path, List<String> problems) {
    var resolved = resolve(schema, root);
    if (!value.isObject()) {
      return;
    }
    var properties = resolved.path("properties");
    var additional = resolved.path("additionalProperties");
    if (properties.isObject() && !(additional.isBoolean() && !additional.asBoolean())) {
      problems.add(
          path + ": an object with named properties must set additionalProperties to false");
    }
    for (var entry : value.properties()) {
      var child = path + "." + entry.getKey();
      if (properties.has(entry.getKey())) {
        var property = properties.get(entry.getKey());
        if (!property.has("description") && !resolve(property, root).has("description")) {
          problems.add(child + ": no description");
        }
        walk(entry.getValue(), property, root, child, problems);
      } else if (additional.isObject()) {
        walk(entry.getValue(), additional, root, child, problems);
      } else if (!resolved.path("type").asText().equals("object") || properties.isObject()) {
        problems.add(child + ": not described by values.schema.json");
      }
    }
  }

  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    var reference = schema.path("$ref").asText();
    return reference.isEmpty() ? schema : root.at(reference.substring(1));
  }
}
