package dev.kubedeploy.harness.resource;

import java.util.List;

/**
 * One kind of object the harness serves: where it lives in the API and what discovery says of it.
 *
 * @param hasStatus whether a {@code /status} subresource exists (PUT and PATCH of the object then
 *     leave {@code status} alone, as the API server does)
 * @param hasScale whether a {@code /scale} subresource exists
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    boolean hasStatus,
    boolean hasScale,
    List<String> shortNames,
    List<String> categories) {

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  /**
   * The prefix of every path of this type's group version: {@code /api/v1} or {@code /apis/g/v}.
   */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** The collection path, in a namespace when the type is namespaced and a namespace is given. */
  public String collectionPath(String namespace) {
    if (namespaced && namespace != null) {
      return groupVersionPath() + "/namespaces/" + namespace + "/" + plural;
    }
    return groupVersionPath() + "/" + plural;
  }

  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  /** {@code deployments.apps}, as the API server names a type in its error messages. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
