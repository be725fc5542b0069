package dev.kubedeploy.harness.journal;

import java.time.Instant;

/**
 * One write to a Helm release's storage Secret ({@code sh.helm.release.v1.<release>.v<N>}).
 *
 * @param sequence the store's resource version of the change: the order writes really happened in
 * @param writer who made it ({@link WriterIdentity})
 * @param kind what the write did to the Secret
 * @param status the Secret's {@code status} label after the write (before it, for a deletion)
 */
public record ReleaseWrite(
    long sequence,
    Instant at,
    String writer,
    String namespace,
    String release,
    int version,
    Kind kind,
    String status) {

  /** What a write did to the Secret. */
  public enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }

  /** Whether the write leaves the revision's operation still running (Helm's pending states). */
  public boolean pending() {
    return kind != Kind.DELETED
        && status != null
        && (status.startsWith("pending-") || status.equals("uninstalling"));
  }

  public String releaseKey() {
    return namespace + "/" + release;
  }
}
