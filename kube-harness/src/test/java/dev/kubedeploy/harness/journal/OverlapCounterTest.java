package dev.kubedeploy.harness.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.journal.ReleaseWrite.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapCounterTest {

  private final List<ReleaseWrite> writes = new ArrayList<>();

  @Test
  void operationsOneAfterTheOtherDoNotOverlap() {
    write("a", 1, Kind.CREATED, "pending-install");
    write("a", 1, Kind.UPDATED, "deployed");
    write("b", 2, Kind.CREATED, "pending-upgrade");
    write("b", 1, Kind.UPDATED, "superseded");
    write("b", 2, Kind.UPDATED, "deployed");

    assertThat(OverlapCounter.overlaps(writes)).isEmpty();
  }

  @Test
  void aWriterFinishingItsOperationAfterAnotherWroteOnTheReleaseOverlaps() {
    write("a", 2, Kind.CREATED, "pending-upgrade");
    write("b", 2, Kind.UPDATED, "failed");
    write("a", 2, Kind.UPDATED, "deployed");

    assertThat(OverlapCounter.overlaps(writes))
        .singleElement()
        .satisfies(o -> assertThat(o.interloper()).isEqualTo("b"));
  }

  @Test
  void recoveringAReleaseWhoseWriterNeverCameBackIsNoOverlap() {
    write("a", 2, Kind.CREATED, "pending-upgrade");
    write("b", 3, Kind.CREATED, "pending-rollback");
    write("b", 3, Kind.UPDATED, "deployed");

    assertThat(OverlapCounter.overlaps(writes)).isEmpty();
  }

  @Test
  void theClusterRemovingSecretsOfADeletedNamespaceIsNobodysOperation() {
    write("a", 1, Kind.CREATED, "pending-install");
    write("kube-harness", 1, Kind.DELETED, "pending-install");
    write("a", 1, Kind.UPDATED, "deployed");

    assertThat(OverlapCounter.overlaps(writes)).isEmpty();
  }

  private void write(String writer, int version, Kind kind, String status) {
    writes.add(
        new ReleaseWrite(
            writes.size() + 1, Instant.now(), writer, "ns", "web", version, kind, status));
  }
}
