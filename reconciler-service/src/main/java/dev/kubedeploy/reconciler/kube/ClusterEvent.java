package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Kubernetes Event of a release's namespace as the platform keeps it: who reported what about
 * which object, how often, from when to when. Core/v1 Events and events.k8s.io/v1 Events are one
 * object in the API server; older writers fill {@code firstTimestamp}/{@code lastTimestamp}/{@code
 * count}, newer ones {@code eventTime} and {@code series}, so each fact is read from whichever is
 * set.
 */
public record ClusterEvent(
    String namespace,
    String uid,
    String resourceVersion,
    boolean warning,
    String reason,
    String message,
    String involvedKind,
    String involvedName,
    int count,
    Instant firstSeen,
    Instant lastSeen) {

  /**
   * The Event, or empty when it lacks what a row needs (a uid, a time) or the platform wrote it.
   */
  public static Optional<ClusterEvent> of(Event event) {
    var metadata = event.getMetadata();
    if (metadata == null || metadata.getUid() == null || reportedByThePlatform(event)) {
      return Optional.empty();
    }
    var series = event.getSeries();
    var created = instant(metadata.getCreationTimestamp());
    var eventTime = event.getEventTime() == null ? null : instant(event.getEventTime().getTime());
    var last =
        first(
            instant(event.getLastTimestamp()),
            series == null ? null : instant(series.getLastObservedTime().getTime()),
            eventTime,
            created);
    var firstSeen = first(instant(event.getFirstTimestamp()), eventTime, created, last);
    if (last == null) {
      return Optional.empty();
    }
    var count =
        event.getCount() != null
            ? event.getCount()
            : series == null || series.getCount() == null ? 1 : series.getCount();
    var involved = event.getInvolvedObject();
    return Optional.of(
        new ClusterEvent(
            metadata.getNamespace(),
            metadata.getUid(),
            metadata.getResourceVersion(),
            "Warning".equals(event.getType()),
            Objects.requireNonNullElse(event.getReason(), ""),
            Objects.requireNonNullElse(event.getMessage(), ""),
            involved == null ? "" : Objects.requireNonNullElse(involved.getKind(), ""),
            involved == null ? "" : Objects.requireNonNullElse(involved.getName(), ""),
            Math.max(1, count),
            firstSeen.isAfter(last) ? last : firstSeen,
            last));
  }

  /** The platform's own Events are already in its history. */
  private static boolean reportedByThePlatform(Event event) {
    return NamespaceEvents.CONTROLLER.equals(event.getReportingComponent())
        || (event.getSource() != null
            && NamespaceEvents.CONTROLLER.equals(event.getSource().getComponent()));
  }

  private static Instant first(Instant... candidates) {
    return Stream.of(candidates).filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
