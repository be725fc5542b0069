package dev.kubedeploy.harness.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks to do, derived from its path, method and query the way kube-apiserver's
 * {@code RequestInfoFactory} does: a resource request ({@code verb} on {@code group/resource
 * [/subresource]}, maybe named, maybe in a namespace) or a non-resource one (a lowercase method on
 * a path). Paths the harness does not serve get attributes all the same: authorization comes before
 * routing.
 *
 * @param namespace "" for cluster-scoped requests and lists across namespaces
 * @param name "" when the request names no object
 * @param subresource "" when there is none
 */
public record RequestAttributes(
    boolean resourceRequest,
    String path,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name) {

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public static RequestAttributes resource(
      String verb, String apiGroup, String resource, String namespace, String name) {
    return new RequestAttributes(
        true, "", verb, apiGroup, resource, "", nullToEmpty(namespace), nullToEmpty(name));
  }

  public static RequestAttributes of(String method, String path, Map<String, String> query) {
    var parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList());
    var nonResource =
        new RequestAttributes(false, path, method.toLowerCase(Locale.ROOT), "", "", "", "", "");
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      parts = new ArrayList<>(parts.subList(2, parts.size()));
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = new ArrayList<>(parts.subList(3, parts.size()));
    } else {
      return nonResource;
    }
    var verb =
        switch (method) {
          case "POST" -> "create";
          case "GET", "HEAD" -> "get";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> "";
        };
    if (parts.get(0).equals("watch")) {
      parts.remove(0);
      verb = "watch";
      if (parts.isEmpty()) {
        return nonResource;
      }
    }
    var namespace = "";
    if (parts.get(0).equals("namespaces")) {
      if (parts.size() > 1) {
        namespace = parts.get(1);
        if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
          parts = new ArrayList<>(parts.subList(2, parts.size()));
        }
      }
    }
    var resource = parts.get(0);
    var name = parts.size() >= 2 ? parts.get(1) : "";
    var subresource = parts.size() >= 3 ? parts.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      var watch = "true".equalsIgnoreCase(query.get("watch")) || "1".equals(query.get("watch"));
      verb = watch ? "watch" : "list";
    }
    if (name.isEmpty() && (verb.equals("list") || verb.equals("watch"))) {
      name = exactName(query.get("fieldSelector"));
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(true, path, verb, group, resource, subresource, namespace, name);
  }

  /** {@code metadata.name=x} in a field selector, as a list or watch of one object says it. */
  private static String exactName(String fieldSelector) {
    if (fieldSelector == null) {
      return "";
    }
    for (var term : fieldSelector.split(",")) {
      var trimmed = term.trim();
      for (var prefix : new String[] {"metadata.name==", "metadata.name="}) {
        if (trimmed.startsWith(prefix)) {
          return trimmed.substring(prefix.length());
        }
      }
    }
    return "";
  }

  /** {@code deployments} or {@code deployments/status}, as RBAC rules name it. */
  public String resourceWithSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * The reason kube-apiserver gives when it refuses: {@code User "u" cannot create resource
   * "deployments" in API group "apps" in the namespace "ns"}.
   */
  public String refusal(String user) {
    if (!resourceRequest) {
      return "User \"%s\" cannot %s path \"%s\"".formatted(user, verb, path);
    }
    var scope =
        namespace.isEmpty()
            ? "at the cluster scope"
            : "in the namespace \"%s\"".formatted(namespace);
    return "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s"
        .formatted(user, verb, resourceWithSubresource(), apiGroup, scope);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
