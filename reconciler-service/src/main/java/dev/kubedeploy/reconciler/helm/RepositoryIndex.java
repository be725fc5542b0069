package dev.kubedeploy.reconciler.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A chart repository's {@code index.yaml}: the charts it publishes and their digests. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RepositoryIndex(Map<String, List<Entry>> entries) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One published version of a chart. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Entry(String name, String version, String digest, List<String> urls) {}

  static RepositoryIndex parse(String yaml) {
    try {
      var index = YAML.readValue(yaml, RepositoryIndex.class);
      return index.entries() == null ? new RepositoryIndex(Map.of()) : index;
    } catch (JsonProcessingException e) {
      throw new ChartVerificationException(
          "the repository's index.yaml is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  Optional<Entry> find(String chart, String version) {
    return entries.getOrDefault(chart, List.of()).stream()
        .filter(entry -> version.equals(entry.version()))
        .findFirst();
  }
}
