package dev.kubedeploy.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What the cluster has of one deployment's Helm release: its newest revision as Helm stored it
 * (status, chart version, values) and the replicas its Deployments ask for.
 */
record ClusterRelease(
    int revision, String status, String chartVersion, JsonNode values, int replicas) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Optional<ClusterRelease> read(KubernetesClient client, String namespace, String release) {
    var newest =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel("owner", "helm")
            .withLabel("name", release)
            .list()
            .getItems()
            .stream()
            .max(Comparator.comparingInt(ClusterRelease::revision));
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    var secret = newest.get();
    var decoded = decode(secret);
    var replicas =
        client.apps().deployments().inNamespace(namespace).list().getItems().stream()
            .mapToInt(d -> d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
            .sum();
    return Optional.of(
        new ClusterRelease(
            revision(secret),
            secret.getMetadata().getLabels().get("status"),
            decoded.path("chart").path("metadata").path("version").asText(),
            decoded.path("config"),
            replicas));
  }

  private static int revision(Secret secret) {
    return Integer.parseInt(secret.getMetadata().getLabels().getOrDefault("version", "0"));
  }

  /** Helm's storage: base64 of gzip of the release's JSON, inside the Secret's own base64. */
  private static JsonNode decode(Secret secret) {
    try {
      var stored = Base64.getDecoder().decode(secret.getData().get("release"));
      var compressed = Base64.getDecoder().decode(stored);
      try (var in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
        return JSON.readTree(in.readAllBytes());
      }
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    }
  }
}
