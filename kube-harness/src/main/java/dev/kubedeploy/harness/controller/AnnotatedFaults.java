package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.resource.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The pod failures a chart asks for through annotations on its pod template, so that a chart alone
 * can show a degraded or failed release (the programmatic {@code Faults} do the same for tests that
 * hold the harness object). Values, on {@code spec.template.metadata.annotations}:
 *
 * <ul>
 *   <li>{@value #FAILURE}: {@code crash-loop}, {@code image-pull-error}, {@code never-ready} or
 *       {@code failed};
 *   <li>{@value #FAIL_AFTER}: whole seconds the pod is healthy after it started before the failure
 *       begins ({@code crash-loop} when no failure is named);
 *   <li>{@value #NEVER_READY}{@code : "true"}: the older spelling of {@code never-ready}.
 * </ul>
 *
 * An unknown value is ignored: the pod is healthy.
 */
final class AnnotatedFaults {

  static final String FAILURE = "kubedeploy.dev/harness-pod-failure";
  static final String FAIL_AFTER = "kubedeploy.dev/harness-fail-after";
  static final String NEVER_READY = "kubedeploy.dev/harness-never-ready";

  /** What the annotations ask for at one moment, and when that changes (for a delayed failure). */
  record Requested(PodHealth health, Optional<Instant> changesAt) {}

  private AnnotatedFaults() {}

  static Requested of(JsonNode pod, Instant startedAt, Instant now) {
    var failure = health(annotation(pod, FAILURE));
    var delay = seconds(annotation(pod, FAIL_AFTER));
    if (delay.isPresent()) {
      var failsAt = startedAt.plus(delay.get());
      if (now.isBefore(failsAt)) {
        return new Requested(PodHealth.HEALTHY, Optional.of(failsAt));
      }
      return new Requested(failure.orElse(PodHealth.CRASH_LOOP), Optional.empty());
    }
    if (failure.isPresent()) {
      return new Requested(failure.get(), Optional.empty());
    }
    var neverReady = "true".equals(annotation(pod, NEVER_READY));
    return new Requested(neverReady ? PodHealth.NOT_READY : PodHealth.HEALTHY, Optional.empty());
  }

  private static String annotation(JsonNode pod, String name) {
    return Json.text(pod, "metadata", "annotations", name);
  }

  private static Optional<PodHealth> health(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.trim()) {
      case "crash-loop" -> Optional.of(PodHealth.CRASH_LOOP);
      case "image-pull-error" -> Optional.of(PodHealth.IMAGE_PULL_ERROR);
      case "never-ready" -> Optional.of(PodHealth.NOT_READY);
      case "failed" -> Optional.of(PodHealth.FAILED);
      default -> Optional.empty();
    };
  }

  private static Optional<Duration> seconds(String value) {
    if (value == null || !value.trim().matches("\\d{1,9}")) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
  }
}
