package dev.kubedeploy.reconciler.helm;

/**
 * What one helm call is about, for its metric and its span.
 *
 * @param operation the helm command ({@code upgrade}, {@code get values}...)
 * @param release the release it acts on, or null for calls about no release
 * @param namespace the release's namespace, or null with it
 */
record HelmCall(String operation, String release, String namespace) {

  static HelmCall of(String operation) {
    return new HelmCall(operation, null, null);
  }

  static HelmCall about(String operation, String release, String namespace) {
    return new HelmCall(operation, release, namespace);
  }
}
