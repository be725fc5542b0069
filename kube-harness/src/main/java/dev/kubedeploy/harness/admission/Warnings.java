package dev.kubedeploy.harness.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings admission gives the request being served, sent back as {@code Warning: 299 - "..."}
 * headers (kubectl and helm print them). Writes of the simulated controllers collect none.
 */
public final class Warnings {

  private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

  private Warnings() {}

  public static void start() {
    CURRENT.set(new ArrayList<>());
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Adds a warning for the current request, once; nothing when no request is being served. */
  public static void add(String text) {
    var warnings = CURRENT.get();
    if (warnings != null && !warnings.contains(text)) {
      warnings.add(text);
    }
  }

  /** The header values: {@code 299 - "text"}, quotes and backslashes escaped. */
  public static List<String> collected() {
    var warnings = CURRENT.get();
    if (warnings == null) {
      return List.of();
    }
    return warnings.stream()
        .map(w -> "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .toList();
  }
}
