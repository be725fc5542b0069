package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A release as its Secrets hold it: every revision (status from the Secret's labels, the newest
 * one's from its record) and the manifest of the newest revision, as Helm last applied it.
 *
 * @param history the revisions, oldest first; empty when there is no such release
 * @param manifest the newest revision's manifest; empty when there is no such release
 */
public record StoredRelease(List<ReleaseRevision> history, String manifest) {

  public static final StoredRelease NONE = new StoredRelease(List.of(), "");

  public Optional<ReleaseRevision> latest() {
    return history.stream().max(Comparator.comparingInt(ReleaseRevision::revision));
  }
}
