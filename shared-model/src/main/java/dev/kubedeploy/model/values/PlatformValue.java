package dev.kubedeploy.model.values;

import java.util.Arrays;
import java.util.Optional;

/** A fact the platform owns and can hand to a chart, named as in {@code capabilities_json}. */
public enum PlatformValue {
  /** The deployment's target replica count, an integer. */
  REPLICAS("replicas"),
  /** Per-replica {@code requests} and {@code limits} (cpu, memory, nvidia.com/gpu), a map. */
  RESOURCES("resources"),
  /** The deployment's domain name, a string; null when the deployment has none. */
  DOMAIN("domain"),
  /** Whether the deployment has a domain name, a boolean. */
  INGRESS_ENABLED("ingress_enabled"),
  /** The deployment's storage as a quantity ({@code 10Gi}). */
  STORAGE_SIZE("storage_size");

  private final String key;

  PlatformValue(String key) {
    this.key = key;
  }

  /** The key in {@code capabilities_json}. */
  public String key() {
    return key;
  }

  /** The value named {@code key} in {@code capabilities_json}. */
  public static Optional<PlatformValue> ofKey(String key) {
    return Arrays.stream(values()).filter(value -> value.key.equals(key)).findFirst();
  }
}
