package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.Optional;

/**
 * Minimal OpenAPI v3 documents: for every served type, its paths and a PATCH operation tagged with
 * {@code x-kubernetes-group-version-kind} that declares the {@code fieldValidation} query
 * parameter. That is what kubectl's and Helm's validator look for to leave validation to the server
 * (instead of validating client side against schemas, which these documents do not carry). The
 * harness accepts the parameter and does not validate fields.
 */
final class OpenApi {

  private static final String PREFIX = "/openapi/v3";
  private static final String HASH = "kube-harness-1";

  /** The document at {@code path}, or empty when {@code path} is not an OpenAPI v3 path. */
  Optional<ObjectNode> document(String path) {
    var trimmed = path.replaceAll("/+$", "");
    if (trimmed.equals(PREFIX)) {
      return Optional.of(root());
    }
    if (!trimmed.startsWith(PREFIX + "/")) {
      return Optional.empty();
    }
    var groupVersion = trimmed.substring(PREFIX.length() + 1);
    String group;
    String version;
    if (groupVersion.startsWith("api/")) {
      group = "";
      version = groupVersion.substring("api/".length());
    } else if (groupVersion.startsWith("apis/") && groupVersion.split("/").length == 3) {
      var parts = groupVersion.split("/");
      group = parts[1];
      version = parts[2];
    } else {
      return Optional.empty();
    }
    var types = ResourceCatalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    var document = Json.object();
    document.put("openapi", "3.0.0");
    var info = document.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", "kube-harness");
    var paths = document.putObject("paths");
    for (var type : types) {
      var itemPath =
          type.namespaced()
              ? type.groupVersionPath() + "/namespaces/{namespace}/" + type.plural() + "/{name}"
              : type.groupVersionPath() + "/" + type.plural() + "/{name}";
      paths.set(itemPath, pathItem(type));
    }
    document.putObject("components").putObject("schemas");
    return Optional.of(document);
  }

  private static ObjectNode root() {
    var root = Json.object();
    var paths = root.putObject("paths");
    ResourceCatalog.groupVersions()
        .forEach(
            (group, versions) -> {
              for (var version : versions) {
                var key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
                paths.putObject(key).put("serverRelativeURL", PREFIX + "/" + key + "?hash=" + HASH);
              }
            });
    return root;
  }

  private static ObjectNode pathItem(ResourceType type) {
    var item = Json.object();
    for (var method : new String[] {"get", "put", "patch", "delete"}) {
      var operation = item.putObject(method);
      operation.put("operationId", method + type.kind());
      var gvk = operation.putObject("x-kubernetes-group-version-kind");
      gvk.put("group", type.group());
      gvk.put("version", type.version());
      gvk.put("kind", type.kind());
      var parameters = operation.putArray("parameters");
      if (!method.equals("get")) {
        parameters.add(queryParameter("dryRun"));
        parameters.add(queryParameter("fieldManager"));
      }
      if (method.equals("put") || method.equals("patch")) {
        parameters.add(queryParameter("fieldValidation"));
      }
      if (method.equals("patch")) {
        parameters.add(queryParameter("force"));
      }
      operation.putObject("responses").putObject("200").put("description", "OK");
    }
    return item;
  }

  private static ObjectNode queryParameter(String name) {
    var parameter = Json.object();
    parameter.put("name", name);
    parameter.put("in", "query");
    parameter.putObject("schema").put("type", "string");
    parameter.put("uniqueItems", true);
    return parameter;
  }
}
