package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.model.values.HelmValues;
import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds the platform's merge to Helm's own: a chart that prints its values is rendered by the real
 * {@code helm template} of both supported major versions.
 */
class ValuesMergeMatchesHelmTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHART_DEFAULTS =
      """
      {"a": {"b": 1, "c": 2, "d": {"e": 3}}, "f": [1, 2], "g": "scalar", "h": {"x": 1}, "k": 5}
      """;
  private static final String TEMPLATE_DEFAULTS =
      """
      {"a": {"d": {"e": 30, "y": 8}}, "k": 6, "m": {"n": "template"}}
      """;
  private static final String USER_VALUES =
      """
      {"a": {"b": null, "d": {"z": 9}}, "f": [3], "g": {"t": 1}, "h": 7, "k": null,
       "m": {"n": "user"}}
      """;

  @TempDir Path folder;
  private Path chart;

  @BeforeEach
  void writeChartThatPrintsItsValues() throws Exception {
    chart = Files.createDirectories(folder.resolve("printer"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: printer\nversion: 0.1.0\n");
    Files.writeString(chart.resolve("values.yaml"), CHART_DEFAULTS);
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("templates/values.json"), "{{ toJson .Values }}\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4})
  void oneMergedValuesFileRendersLikeTheLayersGivenToHelmSeparately(int major) throws Exception {
    var merged = HelmValues.layer(object(TEMPLATE_DEFAULTS), object(USER_VALUES));

    var layered =
        render(major, write("template.json", TEMPLATE_DEFAULTS), write("user.json", USER_VALUES));
    var single = render(major, write("merged.json", merged.toString()));

    assertThat(single).isEqualTo(layered);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4})
  void theEffectiveValuesAreWhatTheTemplatesSee(int major) throws Exception {
    var merged = HelmValues.layer(object(TEMPLATE_DEFAULTS), object(USER_VALUES));

    var rendered = render(major, write("merged.json", merged.toString()));

    assertThat(rendered)
        .isEqualTo(HelmValues.effective(HelmValues.layer(object(CHART_DEFAULTS), merged)));
  }

  private JsonNode render(int major, Path... valuesFiles) throws Exception {
    var command =
        new ArrayList<>(
            List.of(HelmBinary.ofMajor(major).toString(), "template", "r", chart.toString()));
    for (var file : valuesFiles) {
      command.addAll(List.of("--values", file.toString()));
    }
    var output =
        Command.of(command)
            .environment(HelmBinary.homeEnvironment(folder))
            .output(Duration.ofMinutes(2));
    var json = output.lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
    return JSON.readTree(json);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(folder.resolve(name), content);
  }

  private static ObjectNode object(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }
}
