package dev.kubedeploy.reconciler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.reconciler.helm.HelmConfig;
import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import io.fabric8.kubernetes.api.model.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a release from the Secrets Helm 3 and 4 store it in, through Fabric8 instead of a helm
 * process: one Secret per revision, {@code sh.helm.release.v1.<release>.v<N>}, labelled {@code
 * owner=helm}, {@code name}, {@code status} and {@code version}. One list gives the history from
 * the labels; only the newest revision's record is decoded, for its status, description, time and
 * manifest. A resync with nothing to change then starts no helm at all.
 */
@ApplicationScoped
public class ReleaseSecrets {

  private final ReleaseClients clients;
  private final int maxRecordBytes;

  ReleaseSecrets(ReleaseClients clients, HelmConfig helm) {
    this.clients = clients;
    this.maxRecordBytes = helm.dataMaxBytes();
  }

  /** The release's revisions and newest manifest; {@link StoredRelease#NONE} when it has none. */
  public StoredRelease read(String release, String namespace) {
    // the release's own rights: its Secrets are its, and the reconciler may not read Secrets
    var secrets =
        clients
            .actingAsReleaseOf(namespace)
            .secrets()
            .inNamespace(namespace)
            .withLabels(Map.of("owner", "helm", "name", release))
            .list()
            .getItems();
    var revisions = new ArrayList<ReleaseRevision>();
    Secret newest = null;
    var newestRevision = 0;
    for (var secret : secrets) {
      var revision = revisionOf(secret);
      if (revision.isEmpty()) {
        continue;
      }
      if (revision.get().revision() > newestRevision) {
        newest = secret;
        newestRevision = revision.get().revision();
      }
      revisions.add(revision.get());
    }
    if (newest == null) {
      return StoredRelease.NONE;
    }
    var record = ReleaseRecord.decode(newest.getData().get("release"), maxRecordBytes);
    var latest = fromRecord(newestRevision, record);
    revisions.removeIf(revision -> revision.revision() == latest.revision());
    revisions.add(latest);
    revisions.sort(Comparator.comparingInt(ReleaseRevision::revision));
    return new StoredRelease(revisions, record.path("manifest").asText(""));
  }

  /** What the labels say; nothing for a Secret without a readable version or a record. */
  private static Optional<ReleaseRevision> revisionOf(Secret secret) {
    var labels = secret.getMetadata().getLabels();
    var data = secret.getData();
    if (labels == null || data == null || !data.containsKey("release")) {
      return Optional.empty();
    }
    try {
      var revision = Integer.parseInt(labels.getOrDefault("version", ""));
      var status = ReleaseStatus.ofHelmName(labels.getOrDefault("status", ""));
      return Optional.of(new ReleaseRevision(revision, status, null, null, null, null));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static ReleaseRevision fromRecord(int revision, JsonNode record) {
    var info = record.path("info");
    var chart = record.path("chart").path("metadata");
    return new ReleaseRevision(
        revision,
        ReleaseStatus.ofHelmName(info.path("status").asText("")),
        chart.path("name").asText("") + "-" + chart.path("version").asText(""),
        chart.path("appVersion").asText(""),
        info.path("description").asText(""),
        info.path("last_deployed").asText(null));
  }
}
