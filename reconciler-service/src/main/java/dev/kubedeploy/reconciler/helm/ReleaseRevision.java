package dev.kubedeploy.reconciler.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** One revision of a release as {@code helm history -o json} lists it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseRevision(
    @JsonProperty("revision") int revision,
    @JsonProperty("status") ReleaseStatus status,
    @JsonProperty("chart") String chart,
    @JsonProperty("app_version") String appVersion,
    @JsonProperty("description") String description,
    @JsonProperty("updated") String updated) {

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
