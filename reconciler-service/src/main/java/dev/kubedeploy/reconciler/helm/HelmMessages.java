package dev.kubedeploy.reconciler.helm;

/** Finds Helm's error in what it wrote to stderr, among warnings and log lines. */
final class HelmMessages {

  private static final String ERROR_PREFIX = "Error: ";
  private static final int MAX_LENGTH = 4000;

  private HelmMessages() {}

  /**
   * From Helm's last {@code Error:} line to the end (schema violations continue on the next lines),
   * without the prefix and the "--debug" hint; the whole stderr when there is no such line.
   */
  static String errorOf(String stderr) {
    var start = stderr.lastIndexOf("\n" + ERROR_PREFIX);
    String error;
    if (start >= 0) {
      error = stderr.substring(start + 1 + ERROR_PREFIX.length());
    } else if (stderr.startsWith(ERROR_PREFIX)) {
      error = stderr.substring(ERROR_PREFIX.length());
    } else {
      error = stderr;
    }
    error = error.replace("Use --debug flag to render out invalid YAML", "").strip();
    if (error.isEmpty()) {
      return "(helm wrote nothing to stderr)";
    }
    return error.length() <= MAX_LENGTH ? error : error.substring(0, MAX_LENGTH) + " [...]";
  }
}
