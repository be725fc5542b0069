package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The PrometheusRule with the alerts docs/operations.md describes (files/alerts.yaml). */
class AlertsTest {

  private static final Pattern PLATFORM_METRIC = Pattern.compile("kubedeploy_[a-z_]+");

  @Test
  void noPrometheusRuleUnlessAsked() {
    assertThat(RenderedChart.withTestValues().all("PrometheusRule")).isEmpty();
  }

  @Test
  void everyAlertHasASeverityASummaryAndTheThresholdOfItsValue() {
    var rule =
        RenderedChart.values()
            .set("metrics.prometheusRule.enabled", true)
            .set("metrics.prometheusRule.labels", Map.of("release", "prometheus"))
            .set("metrics.prometheusRule.thresholds.queueBacklog", 250)
            .set("metrics.prometheusRule.thresholds.api5xxRatio", 0.05)
            .render()
            .get("PrometheusRule", FULLNAME);

    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    var alerts = rules(rule);
    assertThat(alerts).hasSize(7);
    for (var alert : alerts) {
      assertThat(alert.at("/labels/severity").asText())
          .as(alert.path("alert").asText())
          .isIn("warning", "critical");
      assertThat(alert.at("/annotations/summary").asText()).isNotBlank();
    }
    assertThat(expression(alerts, "KubedeployQueueBacklog")).endsWith("> 250");
    assertThat(expression(alerts, "KubedeployApi5xx")).contains("> 0.05");
  }

  @Test
  void theApiErrorAlertCountsTheRequestsOfTheServiceTheChartCreates() {
    var chart = RenderedChart.values().set("metrics.prometheusRule.enabled", true).render();
    var expression = expression(rules(chart.get("PrometheusRule", FULLNAME)), "KubedeployApi5xx");

    chart.get("Service", FULLNAME + "-api");
    assertThat(expression).contains("service=\"" + FULLNAME + "-api\"");
  }

  @Test
  void everyAlertIsExplainedInTheOperationsGuideWithOnlyMetricsItDocuments() throws IOException {
    var guide = Files.readString(Repository.path("docs/operations.md"));
    var alerts =
        rules(
            RenderedChart.values()
                .set("metrics.prometheusRule.enabled", true)
                .render()
                .get("PrometheusRule", FULLNAME));

    var metrics = new TreeSet<String>();
    for (var alert : alerts) {
      assertThat(guide).contains("`" + alert.path("alert").asText() + "`");
      var matcher = PLATFORM_METRIC.matcher(alert.path("expr").asText());
      while (matcher.find()) {
        metrics.add(matcher.group().replaceFirst("_(bucket|count|sum)$", ""));
      }
    }
    assertThat(metrics).isNotEmpty().allSatisfy(metric -> assertThat(guide).contains(metric));
  }

  private static List<JsonNode> rules(JsonNode rule) {
    return StreamSupport.stream(rule.at("/spec/groups/0/rules").spliterator(), false).toList();
  }

  private static String expression(List<JsonNode> alerts, String name) {
    return alerts.stream()
        .filter(alert -> alert.path("alert").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + name))
        .path("expr")
        .asText()
        .trim();
  }
}
