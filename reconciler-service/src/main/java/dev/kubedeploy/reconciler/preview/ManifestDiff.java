package dev.kubedeploy.reconciler.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares two manifests (what is applied and what a change would render) object by object, an
 * object being named by kind, namespace and name. Each object is written as YAML with sorted keys,
 * so that only content differs, never layout; objects are compared as they are, and diffed with
 * their secrets masked ({@link SecretMask}), so that a changed secret shows as a change and no
 * secret reaches the diff.
 */
final class ManifestDiff {

  /** A diff longer than this is cut: a preview is read by people, and stored in a row. */
  static final int MAX_DIFF_CHARS = 64 * 1024;

  /** The diff of an object whose masked YAML is the same on both sides. */
  static final String ONLY_SECRETS_CHANGED = "secret values changed; they are not shown";

  private static final int CONTEXT_LINES = 3;
  private static final ObjectMapper YAML_READER = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper YAML_WRITER =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ManifestDiff() {}

  /** What changes from {@code applied} to {@code rendered}, objects sorted by name. */
  static PreviewResult between(
      String applied, String rendered, String releaseNamespace, SecretMask mask) {
    var before = objects(applied, releaseNamespace, mask);
    var after = objects(rendered, releaseNamespace, mask);
    var keys = new TreeSet<>(Comparator.comparing(ObjectKey::toString));
    keys.addAll(before.keySet());
    keys.addAll(after.keySet());
    var changes = new ArrayList<PreviewResult.ObjectChange>();
    var unchanged = 0;
    for (var key : keys) {
      var old = before.get(key);
      var now = after.get(key);
      if (Objects.equals(old, now)) {
        unchanged++;
        continue;
      }
      var change = old == null ? "added" : now == null ? "removed" : "changed";
      var diff =
          old != null && now != null && old.masked().equals(now.masked())
              ? ONLY_SECRETS_CHANGED
              : unifiedDiff(key, masked(old), masked(now));
      changes.add(
          new PreviewResult.ObjectChange(key.kind(), key.namespace(), key.name(), change, diff));
    }
    return new PreviewResult(changes, unchanged);
  }

  /** An object as YAML, as it is and with its secrets masked; compared as it is. */
  private record Rendered(String yaml, String masked) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Rendered rendered && yaml.equals(rendered.yaml);
    }

    @Override
    public int hashCode() {
      return yaml.hashCode();
    }

    @Override
    public String toString() {
      return masked;
    }
  }

  private static String masked(Rendered object) {
    return object == null ? null : object.masked();
  }

  /** Kind, namespace and name: what names an object of a release. */
  record ObjectKey(String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind + "/" + namespace + "/" + name;
    }
  }

  private static Map<ObjectKey, Rendered> objects(
      String manifest, String releaseNamespace, SecretMask mask) {
    var objects = new LinkedHashMap<ObjectKey, Rendered>();
    if (manifest == null || manifest.isBlank()) {
      return objects;
    }
    try (var parser = YAML_READER.createParser(manifest)) {
      var documents = YAML_READER.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        var document = documents.next();
        if (document == null || !document.isObject() || !document.has("kind")) {
          continue;
        }
        var metadata = document.path("metadata");
        var key =
            new ObjectKey(
                document.path("kind").asText(),
                metadata.path("namespace").asText(releaseNamespace),
                metadata.path("name").asText());
        objects.put(key, new Rendered(yaml(document), yaml(mask.apply(document))));
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable manifest: " + e.getMessage(), e);
    }
  }

  private static String yaml(JsonNode object) {
    try {
      return YAML_WRITER.writeValueAsString(YAML_WRITER.treeToValue(object, Object.class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unifiedDiff(ObjectKey key, String old, String now) {
    var oldLines = lines(old);
    var newLines = lines(now);
    var patch = DiffUtils.diff(oldLines, newLines);
    var diff =
        String.join(
            "\n",
            UnifiedDiffUtils.generateUnifiedDiff(
                old == null ? "/dev/null" : "applied/" + key,
                now == null ? "/dev/null" : "preview/" + key,
                oldLines,
                patch,
                CONTEXT_LINES));
    return diff.length() <= MAX_DIFF_CHARS
        ? diff
        : diff.substring(0, MAX_DIFF_CHARS) + "\n[diff cut at " + MAX_DIFF_CHARS + " characters]";
  }

  private static List<String> lines(String yaml) {
    return yaml == null ? List.of() : yaml.lines().toList();
  }
}
