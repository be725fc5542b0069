package dev.kubedeploy.harness.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds Helm operations on one release that ran at the same time, from the harness's journal of
 * writes to the release's Secrets.
 *
 * <p>A writer's operation is open from its write of a pending state ({@code pending-install},
 * {@code pending-upgrade}, {@code pending-rollback}, {@code uninstalling}) on a revision until it
 * writes a final state on that revision or deletes it. An overlap is a writer writing again on an
 * open operation of its own after another writer has written on the same release: the two really
 * interleaved. A writer that never writes again (its helm was killed) and a successor that then
 * recovers the stuck release are not an overlap. Writes made by the cluster itself (a namespace's
 * contents removed) are not anybody's operation.
 *
 * <p>The chaos suite counts its overlaps with it; {@code HelmOverlapTest} shows it counting one
 * that real helm processes made.
 */
public final class OverlapCounter {

  /** One overlapping pair, for the report. */
  public record Overlap(String release, String writer, String interloper, int revision) {
    @Override
    public String toString() {
      return release + " rev " + revision + ": " + writer + " interleaved with " + interloper;
    }
  }

  private static final class Operation {
    final int revision;
    String interloper;

    Operation(int revision) {
      this.revision = revision;
    }
  }

  private OverlapCounter() {}

  /** The overlaps among {@code writes}, in the order they were found. */
  public static List<Overlap> overlaps(List<ReleaseWrite> writes) {
    var found = new ArrayList<Overlap>();
    var open = new HashMap<String, Map<String, Operation>>();
    var ordered = new ArrayList<>(writes);
    ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    for (var write : ordered) {
      if (write.writer().equals(WriterIdentity.CLUSTER)) {
        continue;
      }
      var operations = open.computeIfAbsent(write.releaseKey(), key -> new HashMap<>());
      operations.forEach(
          (writer, operation) -> {
            if (!writer.equals(write.writer()) && operation.interloper == null) {
              operation.interloper = write.writer();
            }
          });
      var own = operations.get(write.writer());
      if (own != null && own.interloper != null) {
        found.add(new Overlap(write.releaseKey(), write.writer(), own.interloper, own.revision));
        own.interloper = null;
      }
      if (write.pending()) {
        if (own == null) {
          operations.put(write.writer(), new Operation(write.version()));
        }
      } else if (own != null
          && own.revision == write.version()
          && !"superseded".equals(write.status())) {
        operations.remove(write.writer());
      }
    }
    return found;
  }
}
