package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** networkPolicy: the platform's own pods accept and open only the connections they need. */
class NetworkPoliciesTest {

  @Test
  void noPoliciesUnlessAsked() {
    assertThat(RenderedChart.withTestValues().all("NetworkPolicy")).isEmpty();
  }

  @Test
  void eachPodOfThePlatformIsSelectedByThePolicyOfItsComponent() {
    var chart = RenderedChart.values().set("networkPolicy.enabled", true).render();

    assertThat(chart.all("NetworkPolicy")).hasSize(3);
    assertSelects(
        chart.get("NetworkPolicy", FULLNAME + "-api"),
        podLabels(chart, "Deployment", FULLNAME + "-api"));
    assertSelects(
        chart.get("NetworkPolicy", FULLNAME + "-reconciler"),
        podLabels(chart, "Deployment", FULLNAME + "-reconciler"));
    assertSelects(
        chart.get("NetworkPolicy", FULLNAME + "-migration"),
        podLabels(chart, "Job", FULLNAME + "-migration"));
    assertSelectsNot(
        chart.get("NetworkPolicy", FULLNAME + "-api"),
        podLabels(chart, "Deployment", FULLNAME + "-reconciler"));
  }

  @Test
  void podsAcceptConnectionsOnlyOnTheirPortFromTheConfiguredPeers() {
    var chart =
        RenderedChart.values()
            .set("networkPolicy.enabled", true)
            .set(
                "networkPolicy.metricsFrom",
                List.of(
                    java.util.Map.of(
                        "namespaceSelector",
                        java.util.Map.of(
                            "matchLabels",
                            java.util.Map.of("kubernetes.io/metadata.name", "monitoring")))))
            .render();

    var api = chart.get("NetworkPolicy", FULLNAME + "-api");
    assertThat(WorkloadsTest.texts(api.at("/spec/policyTypes"))).containsExactly("Ingress");
    assertThat(api.at("/spec/ingress")).hasSize(1);
    assertThat(api.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    assertThat(api.at("/spec/ingress/0/from/0/namespaceSelector").isEmpty()).isTrue();

    var reconciler = chart.get("NetworkPolicy", FULLNAME + "-reconciler");
    assertThat(reconciler.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    assertThat(reconciler.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels").toString())
        .contains("monitoring");

    var migration = chart.get("NetworkPolicy", FULLNAME + "-migration");
    assertThat(migration.at("/spec/ingress").isArray()).isTrue();
    assertThat(migration.at("/spec/ingress")).isEmpty();
  }

  @Test
  void withEgressEachPodReachesDnsAndOnlyWhatItNeeds() {
    var chart = RenderedChart.values().file("all-options-values.yaml").render();

    var reconciler = egress(chart.get("NetworkPolicy", FULLNAME + "-reconciler"));
    assertThat(reconciler)
        .contains(
            "53/UDP any",
            "5432/TCP 10.20.0.0/16",
            "443/TCP 10.0.0.1/32",
            "443/TCP any",
            "4317/TCP 10.30.0.0/16");

    var api = egress(chart.get("NetworkPolicy", FULLNAME + "-api"));
    assertThat(api)
        .contains("53/UDP any", "5432/TCP 10.20.0.0/16", "443/TCP any", "4317/TCP 10.30.0.0/16");
    assertThat(api).doesNotContain("443/TCP 10.0.0.1/32");

    var migration = egress(chart.get("NetworkPolicy", FULLNAME + "-migration"));
    assertThat(migration)
        .containsExactlyInAnyOrder("53/UDP any", "53/TCP any", "5432/TCP 10.20.0.0/16");
  }

  /** Each allowed destination as "PORT/PROTOCOL CIDR", or "any" when a rule names no peer. */
  private static List<String> egress(JsonNode policy) {
    assertThat(WorkloadsTest.texts(policy.at("/spec/policyTypes"))).contains("Egress");
    var allowed = new ArrayList<String>();
    for (var rule : policy.at("/spec/egress")) {
      for (var port : rule.path("ports")) {
        var where = port.path("port").asText() + "/" + port.path("protocol").asText();
        if (rule.path("to").isEmpty()) {
          allowed.add(where + " any");
        }
        for (var peer : rule.path("to")) {
          allowed.add(where + " " + peer.at("/ipBlock/cidr").asText());
        }
      }
    }
    return allowed;
  }

  private static JsonNode podLabels(RenderedChart chart, String kind, String name) {
    return chart.get(kind, name).at("/spec/template/metadata/labels");
  }

  private static void assertSelects(JsonNode policy, JsonNode podLabels) {
    policy
        .at("/spec/podSelector/matchLabels")
        .properties()
        .forEach(label -> assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue()));
  }

  private static void assertSelectsNot(JsonNode policy, JsonNode podLabels) {
    assertThat(policy.at("/spec/podSelector/matchLabels").properties())
        .anySatisfy(
            label -> assertThat(podLabels.path(label.getKey())).isNotEqualTo(label.getValue()));
  }
}
