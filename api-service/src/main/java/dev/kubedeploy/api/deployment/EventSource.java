package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who reported an event: the platform (its status history) or the cluster (Events of the
 * deployment's namespace, mirrored by the reconciler). Declared in the merged list's tie order: at
 * the same instant, the later constant comes first.
 */
public enum EventSource {
  CLUSTER,
  PLATFORM;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
