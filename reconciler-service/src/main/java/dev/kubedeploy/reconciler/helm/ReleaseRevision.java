package dev.kubedeploy.reconciler.helm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One revision of a release as its Secret holds it. Only the newest revision's record is read, so
 * the others carry their number and status (from their labels) and null for the rest.
 */
public record ReleaseRevision(
    int revision,
    ReleaseStatus status,
    String chart,
    String appVersion,
    String description,
    String updated) {

  /** When Helm last wrote the revision, if it said so in a form we read. */
  public Optional<Instant> updatedAt() {
    if (updated == null || updated.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(updated).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
