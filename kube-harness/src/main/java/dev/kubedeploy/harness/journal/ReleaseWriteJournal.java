package dev.kubedeploy.harness.journal;

import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.StoreEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Every write to Helm's release Secrets, with who made it and when: lets a test see whether two
 * clients worked on one release at once. It listens to the store, so writes are recorded in the
 * order the store made them whatever the HTTP timing. Bounded: past {@value #CAPACITY} writes it
 * counts the ones it drops.
 */
public final class ReleaseWriteJournal implements Consumer<StoreEvent> {

  static final int CAPACITY = 1_000_000;
  private static final Pattern RELEASE_SECRET =
      Pattern.compile("sh\\.helm\\.release\\.v1\\.(.+)\\.v(\\d+)");

  private final List<ReleaseWrite> writes = new ArrayList<>();
  private long dropped;

  @Override
  public void accept(StoreEvent event) {
    if (event.resource() != ResourceCatalog.SECRETS) {
      return;
    }
    var name = RELEASE_SECRET.matcher(event.name());
    if (!name.matches()) {
      return;
    }
    var write =
        new ReleaseWrite(
            event.resourceVersion(),
            Instant.now(),
            WriterIdentity.current(),
            event.namespace(),
            name.group(1),
            Integer.parseInt(name.group(2)),
            kindOf(event.type()),
            Json.labels(event.object()).get("status"));
    synchronized (this) {
      if (writes.size() < CAPACITY) {
        writes.add(write);
      } else {
        dropped++;
      }
    }
  }

  /** The writes so far, in the order they were made. */
  public synchronized List<ReleaseWrite> writes() {
    return List.copyOf(writes);
  }

  /** Writes not kept because the journal was full. */
  public synchronized long dropped() {
    return dropped;
  }

  private static ReleaseWrite.Kind kindOf(StoreEvent.Type type) {
    return switch (type) {
      case ADDED -> ReleaseWrite.Kind.CREATED;
      case MODIFIED -> ReleaseWrite.Kind.UPDATED;
      case DELETED -> ReleaseWrite.Kind.DELETED;
    };
  }
}
