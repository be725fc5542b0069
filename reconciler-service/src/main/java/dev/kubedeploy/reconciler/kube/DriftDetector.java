package dev.kubedeploy.reconciler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds objects of a release that someone changed outside the platform: each object of the manifest
 * Helm last applied is compared with the live one ({@link ManifestDrift}); a missing object is
 * drift too.
 */
@ApplicationScoped
public class DriftDetector {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ReleaseClients clients;

  DriftDetector(ReleaseClients clients) {
    this.clients = clients;
  }

  /** A drifted field of one object, e.g. {@code Deployment/web spec.replicas: want 1, have 5}. */
  public record Drift(String object, String difference) {
    @Override
    public String toString() {
      return object + " " + difference;
    }
  }

  public List<Drift> detect(String namespace, String manifest) {
    // the release's own rights: the objects are its, and the reconciler may not read Secrets
    var client = clients.actingAsReleaseOf(namespace);
    var drifts = new ArrayList<Drift>();
    for (var desired : documents(manifest)) {
      var kind = desired.path("kind").asText();
      var name = desired.path("metadata").path("name").asText();
      var objectNamespace = desired.path("metadata").path("namespace").asText(namespace);
      var label = kind + "/" + name;
      JsonNode live;
      try {
        var resource =
            client
                .genericKubernetesResources(desired.path("apiVersion").asText(), kind)
                .inNamespace(objectNamespace)
                .withName(name)
                .get();
        live =
            resource == null
                ? null
                : client.getKubernetesSerialization().convertValue(resource, JsonNode.class);
      } catch (KubernetesClientException e) {
        if (e.getCode() >= 500 || e.getCode() == 0) {
          throw e;
        }
        // a kind the cluster does not serve cannot be compared; helm upgrade reports it if it
        // matters
        continue;
      }
      if (live == null) {
        drifts.add(new Drift(label, "missing"));
        continue;
      }
      ManifestDrift.differences(desired, live)
          .forEach(difference -> drifts.add(new Drift(label, difference.toString())));
    }
    return drifts;
  }

  private static List<JsonNode> documents(String manifest) {
    try (var parser = YAML.createParser(manifest)) {
      var documents = new ArrayList<JsonNode>();
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              document -> {
                if (document != null && document.isObject() && document.has("kind")) {
                  documents.add(document);
                }
              });
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable release manifest", e);
    }
  }
}
