package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubedeploy.testsupport.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The platform chart rendered by {@code helm template} as release {@value #RELEASE} in namespace
 * {@value #NAMESPACE}, with the chart's ci/test-values.yaml and the values a test sets on top,
 * parsed into one JSON tree per object.
 */
final class RenderedChart {

  static final String RELEASE = "kd";
  static final String NAMESPACE = "platform";

  /** The prefix of every object name for that release. */
  static final String FULLNAME = "kd-kubedeploy";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private final List<JsonNode> objects;

  private RenderedChart(List<JsonNode> objects) {
    this.objects = objects;
  }

  /** Values to render with, on top of ci/test-values.yaml unless {@link #withoutTestValues()}. */
  static final class Values {
    private final List<String> arguments = new ArrayList<>();
    private boolean testValues = true;

    /**
     * Sets one value by its dotted path; the value may be a string, number, boolean, map or list.
     */
    Values set(String path, Object value) {
      try {
        arguments.add("--set-json");
        arguments.add(path + "=" + JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
      return this;
    }

    /** Adds one of the chart's ci/ values files (after ci/test-values.yaml). */
    Values file(String ciFile) {
      arguments.add("-f");
      arguments.add(Repository.chart().resolve("ci").resolve(ciFile).toString());
      return this;
    }

    /** Renders with the chart's defaults only (plus what {@link #set} adds). */
    Values withoutTestValues() {
      testValues = false;
      return this;
    }

    /** Renders the chart; the test fails when helm does. */
    RenderedChart render() {
      var result = template();
      assertThat(result.succeeded()).as("helm template failed: %s", result.stderr()).isTrue();
      return new RenderedChart(parse(result.stdout()));
    }

    /** Runs helm template and returns what it said, for tests of rejected values. */
    Command.Result template() {
      var command = new ArrayList<String>();
      command.addAll(
          List.of("template", RELEASE, Repository.chart().toString(), "--namespace", NAMESPACE));
      if (testValues) {
        command.addAll(List.of("-f", Repository.chart().resolve("ci/test-values.yaml").toString()));
      }
      command.addAll(arguments);
      return Helm.configured().run(command);
    }
  }

  static Values values() {
    return new Values();
  }

  /** The chart rendered with ci/test-values.yaml only. */
  static RenderedChart withTestValues() {
    return values().render();
  }

  static List<JsonNode> parse(String yaml) {
    try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      return StreamSupport.stream(((Iterable<JsonNode>) () -> documents).spliterator(), false)
          .filter(node -> node != null && node.isObject() && node.has("kind"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> objects() {
    return objects;
  }

  List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return all(kind).stream()
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  /** The object of that kind and name; fails the test when there is none. */
  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
  }

  List<String> names() {
    return objects.stream()
        .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
        .toList();
  }

  /** The first container of a Deployment's or Job's pod template. */
  static JsonNode container(JsonNode workload) {
    return podSpec(workload).path("containers").get(0);
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  /** The container's environment variable of that name, or a missing node. */
  static JsonNode env(JsonNode container, String name) {
    return named(container.path("env"), name);
  }

  /**
   * The element of an array of named items (env, volumes, mounts) with that name, or a missing
   * node.
   */
  static JsonNode named(JsonNode array, String name) {
    for (var item : array) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    return MissingNode.getInstance();
  }
}
