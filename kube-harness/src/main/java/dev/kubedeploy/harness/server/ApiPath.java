package dev.kubedeploy.harness.server;

import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A resource path taken apart: {@code /api/v1/namespaces/ns/pods/name/status} or {@code
 * /apis/group/version/...}, with the old {@code /watch/} prefix form too.
 *
 * @param namespace null for cluster-scoped types and for lists across namespaces
 * @param name null for collections
 * @param subresource null for the object itself
 */
record ApiPath(
    ResourceType type, String namespace, String name, String subresource, boolean watchPrefix) {

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** The resource path in {@code path}, or empty when it is not one (discovery and the like). */
  static Optional<ApiPath> parse(String path) {
    var segments = new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/+")));
    String group;
    String version;
    List<String> rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = segments.subList(3, segments.size());
    } else {
      return Optional.empty();
    }
    var watch = false;
    if (rest.get(0).equals("watch")) {
      watch = true;
      rest = rest.subList(1, rest.size());
      if (rest.isEmpty()) {
        return Optional.empty();
      }
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces")
        && rest.size() >= 3
        && !(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.size() > 3) {
      throw ApiException.resourceNotServed(path);
    }
    var plural = rest.get(0);
    var type =
        ResourceCatalog.byPath(group, version, plural)
            .orElseThrow(() -> ApiException.resourceNotServed(path));
    var name = rest.size() > 1 ? rest.get(1) : null;
    var subresource = rest.size() > 2 ? rest.get(2) : null;
    if (type.namespaced() && namespace == null && name != null) {
      throw ApiException.resourceNotServed(path);
    }
    if (!type.namespaced() && namespace != null) {
      throw ApiException.resourceNotServed(path);
    }
    return Optional.of(new ApiPath(type, namespace, name, subresource, watch));
  }
}
