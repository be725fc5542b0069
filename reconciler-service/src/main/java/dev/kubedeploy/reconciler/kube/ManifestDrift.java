package dev.kubedeploy.reconciler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Compares an object as Helm last applied it with the object the cluster has, the way {@code
 * kubectl diff} would read it for the fields the manifest sets: every field the manifest sets must
 * have the same value live; fields only the cluster sets (defaults, status, managed fields) are not
 * drift. Quantities compare by amount ({@code 0.5} equals {@code 500m}), and a Secret's {@code
 * stringData} is compared with the {@code data} the API server turned it into.
 */
public final class ManifestDrift {

  /** Metadata the manifest sets but the cluster owns or fills in. */
  private static final Set<String> COMPARED_METADATA = Set.of("labels", "annotations");

  private ManifestDrift() {}

  /** One field that differs: where, what the manifest says, what the cluster has. */
  public record Difference(String path, String desired, String live) {
    @Override
    public String toString() {
      return path + ": want " + desired + ", have " + live;
    }
  }

  public static List<Difference> differences(JsonNode desired, JsonNode live) {
    var out = new ArrayList<Difference>();
    var wanted = withSecretDataEncoded(desired);
    wanted
        .properties()
        .forEach(
            entry -> {
              var key = entry.getKey();
              if (key.equals("status") || key.equals("apiVersion") || key.equals("kind")) {
                return;
              }
              if (key.equals("metadata")) {
                COMPARED_METADATA.forEach(
                    field ->
                        compare(
                            "metadata." + field,
                            entry.getValue().path(field),
                            live.path("metadata").path(field),
                            out));
                return;
              }
              compare(key, entry.getValue(), live.path(key), out);
            });
    return out;
  }

  private static void compare(String path, JsonNode desired, JsonNode live, List<Difference> out) {
    if (isEmpty(desired)) {
      return;
    }
    if (desired.isObject()) {
      if (!live.isObject()) {
        out.add(new Difference(path, desired.toString(), describe(live)));
        return;
      }
      desired
          .properties()
          .forEach(
              entry ->
                  compare(
                      path + "." + entry.getKey(),
                      entry.getValue(),
                      live.path(entry.getKey()),
                      out));
    } else if (desired.isArray()) {
      if (!live.isArray() || live.size() != desired.size()) {
        out.add(new Difference(path, desired.toString(), describe(live)));
        return;
      }
      for (var i = 0; i < desired.size(); i++) {
        compare(path + "[" + i + "]", desired.get(i), live.get(i), out);
      }
    } else if (!sameScalar(desired, live)) {
      out.add(new Difference(path, desired.asText(), describe(live)));
    }
  }

  /** Null, {} and [] in a manifest set nothing the cluster has to keep. */
  private static boolean isEmpty(JsonNode node) {
    return node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty());
  }

  private static boolean sameScalar(JsonNode desired, JsonNode live) {
    if (live.isMissingNode() || live.isNull() || live.isContainerNode()) {
      return false;
    }
    if (desired.asText().equals(live.asText())) {
      return true;
    }
    if (desired.isNumber() && live.isNumber()) {
      return desired.decimalValue().compareTo(live.decimalValue()) == 0;
    }
    return sameQuantity(desired.asText(), live.asText());
  }

  private static boolean sameQuantity(String desired, String live) {
    try {
      return Quantity.getAmountInBytes(new Quantity(desired))
              .compareTo(Quantity.getAmountInBytes(new Quantity(live)))
          == 0;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return false;
    }
  }

  private static String describe(JsonNode live) {
    return live.isMissingNode() ? "(absent)" : live.isValueNode() ? live.asText() : live.toString();
  }

  private static ObjectNode withSecretDataEncoded(JsonNode desired) {
    var copy = (ObjectNode) desired.deepCopy();
    if (!"Secret".equals(copy.path("kind").asText()) || !copy.path("stringData").isObject()) {
      return copy;
    }
    var data =
        copy.path("data").isObject() ? (ObjectNode) copy.get("data") : copy.putObject("data");
    copy.get("stringData")
        .properties()
        .forEach(
            entry ->
                data.put(
                    entry.getKey(),
                    Base64.getEncoder()
                        .encodeToString(
                            entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    copy.remove("stringData");
    return copy;
  }
}
