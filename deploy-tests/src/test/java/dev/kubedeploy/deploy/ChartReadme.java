package dev.kubedeploy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The platform chart's README.md, generated from values.yaml: one row per value with its type,
 * default and the "# --" comment above it (values.schema.json's description where a value has no
 * comment). ChartReadmeTest keeps the committed file current; bin/chart-readme rewrites it.
 */
final class ChartReadme {

  static final Path FILE = Repository.chart().resolve("README.md");

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_]+):(.*)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private ChartReadme() {}

  /** A documented value: its dotted path and the comment written above it, if any. */
  private record Row(String path, String comment) {}

  static String render() {
    try {
      var chart = YAML.readTree(Repository.chart().resolve("Chart.yaml").toFile());
      var values = YAML.readTree(Repository.chart().resolve("values.yaml").toFile());
      var schema = JSON.readTree(Repository.chart().resolve("values.schema.json").toFile());
      var lines = Files.readAllLines(Repository.chart().resolve("values.yaml"));

      var out = new StringBuilder();
      out.append(
          "<!-- Generated from values.yaml by bin/chart-readme: edit values.yaml, not this file. -->\n");
      out.append("# ").append(chart.path("name").asText()).append("\n\n");
      out.append(chart.path("description").asText().trim()).append("\n\n");
      out.append("Chart version ")
          .append(chart.path("version").asText())
          .append(", services ")
          .append(chart.path("appVersion").asText())
          .append(", Kubernetes ")
          .append(chart.path("kubeVersion").asText())
          .append(". Installing, upgrading and running the platform: docs/operations.md in the")
          .append(
              " repository; every configuration key of the services: docs/configuration.md.\n\n");
      out.append("```sh\nhelm install kubedeploy deploy/helm/kubedeploy --namespace kubedeploy")
          .append(
              " --create-namespace -f my-values.yaml\nhelm test kubedeploy --namespace kubedeploy\n```\n\n");
      out.append(
          "## Values\n\n| key | type | default | description |\n| --- | --- | --- | --- |\n");
      for (var row : rows(lines, values)) {
        var value = values.at(pointer(row.path()));
        var description =
            row.comment().isEmpty() ? schemaDescription(schema, row.path()) : row.comment();
        out.append("| `")
            .append(row.path())
            .append("` | ")
            .append(type(value))
            .append(" | ")
            .append(cell("`" + JSON.writeValueAsString(value) + "`"))
            .append(" | ")
            .append(cell(description))
            .append(" |\n");
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The values a reader sets: every scalar, list and empty map, and a map as a whole when a "# --"
   * comment describes it (the keys inside such a map or inside a list's items are not listed).
   */
  private static List<Row> rows(List<String> lines, JsonNode values) {
    var rows = new ArrayList<Row>();
    var parents = new ArrayList<String>();
    var comment = new StringBuilder();
    var inComment = false;
    var wholeValueDepth = Integer.MAX_VALUE;
    for (var line : lines) {
      var trimmed = line.strip();
      if (trimmed.startsWith("# --")) {
        comment.setLength(0);
        comment.append(trimmed.substring(4).strip());
        inComment = true;
        continue;
      }
      if (trimmed.startsWith("#")) {
        if (inComment) {
          comment.append(' ').append(trimmed.substring(1).strip());
        }
        continue;
      }
      var key = KEY.matcher(line);
      if (!key.matches()) {
        continue;
      }
      var depth = key.group(1).length() / 2;
      parents.subList(Math.min(depth, parents.size()), parents.size()).clear();
      parents.add(key.group(2));
      var path = String.join(".", parents);
      var text = inComment ? comment.toString() : "";
      inComment = false;
      comment.setLength(0);
      if (depth > wholeValueDepth) {
        continue;
      }
      wholeValueDepth = Integer.MAX_VALUE;
      var value = values.at(pointer(path));
      var scalar = !value.isContainerNode() || value.isEmpty();
      if (scalar || value.isArray() || !text.isEmpty()) {
        rows.add(new Row(path, text));
        wholeValueDepth = scalar ? wholeValueDepth : depth;
      }
    }
    return rows;
  }

  private static String schemaDescription(JsonNode schema, String path) {
    var node = schema;
    for (var key : path.split("\\.")) {
      node = resolve(schema, node).path("properties").path(key);
    }
    var description = node.path("description");
    return description.isMissingNode()
        ? resolve(schema, node).path("description").asText()
        : description.asText();
  }

  private static JsonNode resolve(JsonNode schema, JsonNode node) {
    var reference = node.path("$ref").asText();
    return reference.isEmpty() ? node : schema.at(reference.substring(1));
  }

  private static String type(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "list";
      case OBJECT -> "object";
      case BOOLEAN -> "bool";
      case NUMBER -> value.isIntegralNumber() ? "int" : "float";
      case NULL -> "null";
      default -> "string";
    };
  }

  private static String pointer(String path) {
    return "/" + path.replace(".", "/");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;");
  }

  /** Writes the README (bin/chart-readme). */
  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, render());
  }
}
