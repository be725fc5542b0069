package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * The legacy discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code
 * /apis/<group>[/<version>]}) built from the {@link ResourceCatalog}. Clients asking for aggregated
 * discovery get these too, marked {@code application/json}, and fall back to legacy discovery as
 * they do with older servers.
 */
final class Discovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final String serverAddress;
  private final String kubernetesVersion;

  Discovery(String serverAddress, String kubernetesVersion) {
    this.serverAddress = serverAddress;
    this.kubernetesVersion = kubernetesVersion;
  }

  /** The document served at {@code path}, or empty when the path is not a discovery path. */
  Optional<ObjectNode> document(String path) {
    var trimmed = path.replaceAll("/+$", "");
    var segments = trimmed.split("/");
    return switch (trimmed) {
      case "" -> Optional.of(rootPaths());
      case "/version" -> Optional.of(version());
      case "/api" -> Optional.of(apiVersions());
      case "/apis" -> Optional.of(groupList());
      default -> {
        if (segments.length == 3 && segments[1].equals("api")) {
          yield resourceList("", segments[2]);
        }
        if (segments.length == 3 && segments[1].equals("apis")) {
          yield group(segments[2]);
        }
        if (segments.length == 4 && segments[1].equals("apis")) {
          yield resourceList(segments[2], segments[3]);
        }
        yield Optional.empty();
      }
    };
  }

  private ObjectNode rootPaths() {
    var root = Json.object();
    var paths = root.putArray("paths");
    paths.add("/api");
    paths.add("/api/v1");
    paths.add("/apis");
    ResourceCatalog.groupVersions()
        .forEach(
            (group, versions) -> {
              if (!group.isEmpty()) {
                paths.add("/apis/" + group);
                versions.forEach(v -> paths.add("/apis/" + group + "/" + v));
              }
            });
    paths.add("/healthz");
    paths.add("/livez");
    paths.add("/openapi/v3");
    paths.add("/readyz");
    paths.add("/version");
    return root;
  }

  private ObjectNode version() {
    var numbers = kubernetesVersion.replaceFirst("^v", "").split("\\.");
    var version = Json.object();
    version.put("major", numbers[0]);
    version.put("minor", numbers.length > 1 ? numbers[1] : "0");
    version.put("gitVersion", kubernetesVersion);
    version.put("gitCommit", "kube-harness");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2025-01-01T00:00:00Z");
    version.put("goVersion", "go1.24");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }

  private ObjectNode apiVersions() {
    var document = Json.object();
    document.put("kind", "APIVersions");
    document.putArray("versions").add("v1");
    var address = document.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return document;
  }

  private ObjectNode groupList() {
    var document = Json.object();
    document.put("kind", "APIGroupList");
    document.put("apiVersion", "v1");
    var groups = document.putArray("groups");
    ResourceCatalog.groupVersions()
        .forEach(
            (group, versions) -> {
              if (!group.isEmpty()) {
                groups.add(groupDocument(group, versions));
              }
            });
    return document;
  }

  private Optional<ObjectNode> group(String group) {
    var versions = ResourceCatalog.groupVersions().get(group);
    if (versions == null || group.isEmpty()) {
      return Optional.empty();
    }
    var document = groupDocument(group, versions);
    document.put("kind", "APIGroup");
    document.put("apiVersion", "v1");
    return Optional.of(document);
  }

  private static ObjectNode groupDocument(String group, List<String> versions) {
    var document = Json.object();
    document.put("name", group);
    var list = document.putArray("versions");
    for (var version : versions) {
      var entry = list.addObject();
      entry.put("groupVersion", group + "/" + version);
      entry.put("version", version);
    }
    var preferred = document.putObject("preferredVersion");
    preferred.put("groupVersion", group + "/" + versions.get(0));
    preferred.put("version", versions.get(0));
    return document;
  }

  private Optional<ObjectNode> resourceList(String group, String version) {
    var types = ResourceCatalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    var document = Json.object();
    document.put("kind", "APIResourceList");
    document.put("apiVersion", "v1");
    document.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    var resources = document.putArray("resources");
    for (var type : types) {
      resources.add(resource(type));
      if (type.hasStatus()) {
        resources.add(subresource(type, "status", type.kind(), null));
      }
      if (type.hasScale()) {
        resources.add(subresource(type, "scale", "Scale", "autoscaling"));
      }
    }
    return Optional.of(document);
  }

  private static ObjectNode resource(ResourceType type) {
    var resource = Json.object();
    resource.put("name", type.plural());
    resource.put("singularName", type.singular());
    resource.put("namespaced", type.namespaced());
    resource.put("kind", type.kind());
    var verbs = resource.putArray("verbs");
    VERBS.forEach(verbs::add);
    if (!type.shortNames().isEmpty()) {
      var shortNames = resource.putArray("shortNames");
      type.shortNames().forEach(shortNames::add);
    }
    if (!type.categories().isEmpty()) {
      var categories = resource.putArray("categories");
      type.categories().forEach(categories::add);
    }
    return resource;
  }

  private static ObjectNode subresource(ResourceType type, String name, String kind, String group) {
    var resource = Json.object();
    resource.put("name", type.plural() + "/" + name);
    resource.put("singularName", "");
    resource.put("namespaced", type.namespaced());
    if (group != null) {
      resource.put("group", group);
      resource.put("version", "v1");
    }
    resource.put("kind", kind);
    var verbs = resource.putArray("verbs");
    SUBRESOURCE_VERBS.forEach(verbs::add);
    return resource;
  }
}
